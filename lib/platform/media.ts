import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { ingestMedia } from "@/lib/media-ingest/ingest";
import { projectNumber } from "@/lib/numbers/credentials";
import { numberIdInProject } from "@/lib/numbers/data";
import { data, isoTime } from "./schemas";

// POST /platform/v1/whatsapp/media: Kapso's media ingest (kapso-spec §5.3), a file from a URL uploaded to
// one of the project's numbers.

const body = z.object({
  media_ingest: z.object({
    phone_number_id: z
      .string()
      .regex(/^\d{5,20}$/, "Meta's phone number id (digits)")
      .describe("The number to upload to (Meta's id)"),
    source: z
      .string()
      .max(2048)
      .url("an http(s) URL")
      .refine((s) => /^https?:\/\//i.test(s), "an http(s) URL")
      .describe(
        "Where to fetch the file. Private and local addresses are refused unless EGRESS_ALLOW_HOSTS allows them; redirects are not followed.",
      ),
    filename: z.string().min(1).max(240).optional(),
    mime_type: z
      .string()
      .max(120)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, "a MIME type such as image/png")
      .optional()
      .describe("Overrides the source's Content-Type"),
    delivery: z
      .enum(["meta_media", "meta_resumable_asset"])
      .default("meta_media")
      .describe(
        "meta_media: a media id for sending (30 days); meta_resumable_asset: a resumable-upload handle",
      ),
  }),
});

const ingestJson = z.object({
  phone_number_id: z.string(),
  delivery: z.enum(["meta_media", "meta_resumable_asset"]),
  status: z.literal("completed"),
  source: z.object({
    url: z.string(),
    filename: z.string(),
    mime_type: z.string(),
    file_size: z.number().int(),
    sha256: z.string().describe("hex"),
  }),
  target: z.object({
    type: z.enum(["meta_media", "meta_resumable_asset"]),
    handle: z.string().describe("The media id (meta_media) or the resumable upload handle"),
    media_type: z.enum(["image", "video", "audio", "document", "sticker"]),
    expires_at: isoTime.nullable(),
  }),
  created_at: isoTime,
});

export const media = resource("/platform/v1/whatsapp/media", "Media", {
  POST: defineRoute(
    {
      auth: "apiKey",
      errorShape: "kapso",
      summary: "Upload media to a number from a URL",
      description:
        "Fetched through the egress guard; WhatsApp's limits by type (images 5 MB, video and audio 16 MB, documents 100 MB, stickers 500 KB animated / 100 KB static) are enforced while the file streams in (413 past the limit, 422 for a type WhatsApp does not take or a refused address).",
      body,
      status: 201,
      response: data(ingestJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const b = ctx.body.media_ingest;
      const ourId = await numberIdInProject(p.projectId, b.phone_number_id);
      const number = ourId ? await projectNumber(p.projectId, ourId) : null;
      if (!number)
        throw new AppError("not_found", `Phone number ${b.phone_number_id} is not in this project.`, {
          fields: { "media_ingest.phone_number_id": "Not in this project" },
        });
      const r = await ingestMedia(number, {
        source: b.source,
        filename: b.filename,
        mimeType: b.mime_type,
        delivery: b.delivery,
      });
      return {
        data: {
          phone_number_id: number.phoneNumberId,
          delivery: r.delivery,
          status: "completed" as const,
          source: {
            url: b.source,
            filename: r.filename,
            mime_type: r.mimeType,
            file_size: r.size,
            sha256: r.sha256,
          },
          target: {
            type: r.delivery,
            handle: r.handle,
            media_type: r.mediaType,
            expires_at: r.expiresAt?.toISOString() ?? null,
          },
          created_at: new Date().toISOString(),
        },
      };
    },
  ),
});

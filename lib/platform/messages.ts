import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { getMessage, listMessages, type MediaUrl } from "@/lib/conversations/kapso-data";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { projectNumber } from "@/lib/numbers/credentials";
import { numberIdInProject } from "@/lib/numbers/data";
import { mediaDownloadUrl } from "@/lib/proxy/media";
import { cursorPaging } from "./schemas";

// Kapso's platform-level message history (kapso-spec §6.2), served from the same read model as the Meta
// proxy's GET /{phone_number_id}/messages (same filters, cursors and fields=kapso(…)). Without
// phone_number_id the list is the whole project's (the API key's scope), each record naming its number.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Messages" } as const;

const phoneNumberId = z.string().regex(/^\d{5,20}$/, "phone_number_id: Meta's phone number id (digits)");

const query = z.object({
  phone_number_id: phoneNumberId
    .optional()
    .describe("Only this number's messages (Meta's id); without it, every number of the project"),
  conversation_id: z.string().max(64).optional(),
  phone_number: z
    .string()
    .max(32)
    .optional()
    .describe("The customer's number (digits; + and spaces ignored)"),
  message_type: z
    .string()
    .regex(/^[a-z_]{1,32}$/, "a WhatsApp message type such as text or image")
    .optional(),
  has_media: z.enum(["true", "false"]).optional(),
  direction: z.enum(["inbound", "outbound"]).optional(),
  status: z.enum(["pending", "sent", "delivered", "read", "failed", "received"]).optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  limit: z.string().max(4).optional().describe("1–100, default 20"),
  after: z.string().max(500).optional(),
  before: z.string().max(500).optional(),
  fields: z.string().max(500).optional().describe("kapso(…) selection, as on the Meta proxy"),
});

async function numberOf(ctx: ReturnType<typeof platformContext>, phoneNumberId: string) {
  const ourId = await numberIdInProject(ctx.projectId, phoneNumberId);
  const n = ourId ? await projectNumber(ctx.projectId, ourId) : null;
  if (!n) throw new AppError("not_found", `Phone number ${phoneNumberId} is not in this project.`);
  return n;
}

/** Download links for the project's media (the number comes with each message). */
const mediaUrlIn =
  (projectId: ProjectId): MediaUrl =>
  (mediaId, number) =>
    typeof mediaId === "string" && /^[\w.-]{1,128}$/.test(mediaId)
      ? mediaDownloadUrl({ projectId, id: number.id, phoneNumberId: number.phoneNumberId }, mediaId)
      : null;

export const messages = resource("/platform/v1/whatsapp/messages", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "Message history across the project or for one number, newest first, cursor-paged",
      query,
      response: z.object({ data: z.array(z.record(z.string(), z.unknown())), paging: cursorPaging }),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const n = ctx.query.phone_number_id ? await numberOf(p, ctx.query.phone_number_id) : null;
      return listMessages(ctx.access!, n, ctx.url, mediaUrlIn(p.projectId), { withNumberId: true });
    },
  ),
});

export const message = resource("/platform/v1/whatsapp/messages/{wamid}", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "One message by its wamid",
      params: z.object({ wamid: z.string().min(1).max(200) }),
      query: z.object({
        phone_number_id: phoneNumberId.describe("The number the message belongs to (Meta's id)"),
        fields: query.shape.fields,
      }),
      response: z.record(z.string(), z.unknown()),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const n = await numberOf(p, ctx.query.phone_number_id);
      return { data: await getMessage(ctx.access!, n, ctx.params.wamid, ctx.url, mediaUrlIn(p.projectId)) };
    },
  ),
});

import { z } from "zod";
import { AppError, parseOrThrow } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/body";
import { defineRoute, methods } from "@/lib/http/define-route";
import { readJson } from "@/lib/http/input";
import { mediaBytes, profileForPhone } from "./assets";
import { customerSend } from "./customer";
import { customerInputSchema } from "./customer-schema";
import { numberDto } from "./number-store";
import { authorizeSandboxNumber, phoneView } from "./phone";
import { fileById } from "./upload-store";

// The simulated phone's API (/api/sandbox/phone): signed-in members of the number's project only. The
// session is checked before a byte of the body is read, and the body is read within a limit.

/** WhatsApp's image limit (5 MB) plus room for the multipart envelope. */
const IMAGE_LIMIT = 5 * 1024 * 1024 + 64 * 1024;
const JSON_LIMIT = 64 * 1024;

const viewQuery = z.object({
  numberId: z.string().min(1).max(64),
  customer: z.string().regex(/^\d{8,15}$/, "customer must be 8–15 digits"),
});

async function readCustomerInput(req: Request) {
  if (!(req.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    return { raw: await readJson(req, { maxBytes: JSON_LIMIT, object: true }) };
  const bytes = await readBodyLimited(req, IMAGE_LIMIT, "The image");
  const form = await new Response(bytes, {
    headers: { "content-type": req.headers.get("content-type") ?? "" },
  })
    .formData()
    .catch(() => {
      throw new AppError("validation", "Send the image as multipart/form-data with a file field", {
        fields: { file: "Invalid upload" },
      });
    });
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("payload") ?? "{}"));
  } catch {
    throw new AppError("validation", "payload must be JSON", { fields: { payload: "Invalid JSON" } });
  }
  const f = form.get("file");
  const file =
    f instanceof File
      ? { data: Buffer.from(await f.arrayBuffer()), mimeType: f.type, name: f.name }
      : undefined;
  return { raw, file };
}

export const sandboxPhone = methods(
  {
    GET: defineRoute({ auth: "session", errorShape: "dashboard", query: viewQuery }, async ({ query }) =>
      phoneView(await authorizeSandboxNumber(query.numberId), query.customer),
    ),
    /** The customer does something: JSON, or multipart with `payload` (JSON) and `file` for an image. */
    POST: defineRoute({ auth: "session", errorShape: "dashboard", rawBody: true }, async ({ req }) => {
      const { raw, file } = await readCustomerInput(req);
      const input = parseOrThrow(customerInputSchema, raw);
      return customerSend(await authorizeSandboxNumber(input.numberId), input, file);
    }),
  },
  "dashboard",
);

const mediaQuery = z.object({
  numberId: z.string().min(1).max(64),
  mediaId: z.string().regex(/^\d{1,40}$/, "mediaId must be a media id"),
});

/**
 * /api/sandbox/phone/media: a file the business sent, as the simulated customer's phone shows it
 * (signed-in members of the number's project only; the file must belong to that number).
 */
export const sandboxPhoneMedia = methods(
  {
    GET: defineRoute({ auth: "session", errorShape: "dashboard", query: mediaQuery }, async ({ query }) => {
      const number = await authorizeSandboxNumber(query.numberId);
      const m = await mediaBytes(query.mediaId);
      if (!m || m.phoneNumberId !== number.phoneNumberId) throw new AppError("not_found", "Media not found.");
      return new Response(new Uint8Array(m.data), {
        headers: {
          "Content-Type": m.mimeType,
          "Cache-Control": "private, max-age=3600",
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
        },
      });
    }),
  },
  "dashboard",
);

const numberQuery = z.object({ numberId: z.string().min(1).max(64) });

/** /api/sandbox/phone/profile: the business info the simulated phone shows for the number. */
export const sandboxPhoneProfile = methods(
  {
    GET: defineRoute({ auth: "session", errorShape: "dashboard", query: numberQuery }, async ({ query }) => {
      const number = await authorizeSandboxNumber(query.numberId);
      const p = await profileForPhone(number.phoneNumberId);
      const state = await numberDto(number);
      return {
        name: state.verified_name,
        displayPhoneNumber: number.displayPhoneNumber,
        about: p.about,
        address: p.address,
        description: p.description,
        email: p.email,
        websites: p.websites,
        vertical: p.vertical,
        photoUrl: p.photoUploadId
          ? `/api/sandbox/phone/photo?numberId=${number.id}&v=${p.photoUploadId}`
          : null,
      };
    }),
  },
  "dashboard",
);

/** /api/sandbox/phone/photo: the number's profile photo (members of its project only). */
export const sandboxPhonePhoto = methods(
  {
    GET: defineRoute(
      {
        auth: "session",
        errorShape: "dashboard",
        query: numberQuery.extend({ v: z.string().max(64).optional() }),
      },
      async ({ query }) => {
        const number = await authorizeSandboxNumber(query.numberId);
        const p = await profileForPhone(number.phoneNumberId);
        const f = p.photoUploadId ? await fileById(p.photoUploadId) : null;
        if (!f || f.wabaId !== number.wabaId) throw new AppError("not_found", "No profile photo.");
        return new Response(new Uint8Array(f.data), {
          headers: {
            "Content-Type": f.fileType,
            "Cache-Control": "private, max-age=300",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
          },
        });
      },
    ),
  },
  "dashboard",
);

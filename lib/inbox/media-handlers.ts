// The inbox's media endpoints, kept free of the router so tests can call them directly.

import type { InboxAccess } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/body";
import { readMedia, statMedia } from "@/lib/media/data";
import { mediaHeaders } from "@/lib/media/files";
import { ATTACHMENT_KINDS, formatBytes } from "./attachment-limits";
import { sendOperatorAttachment } from "./attachments";

// The largest file Meta takes plus room for the multipart envelope and a caption.
const MAX_UPLOAD = Math.max(...ATTACHMENT_KINDS.map((k) => k.maxBytes)) + 64 * 1024;

/** GET /media/:mediaId — the file, streamed. */
export async function getMedia(access: InboxAccess, mediaId: string): Promise<Response> {
  const m = await readMedia(access, mediaId);
  return new Response(m.stream, { headers: mediaHeaders(m) });
}

/** HEAD /media/:mediaId — lets the thread show a document's size without downloading it. */
export async function headMedia(access: InboxAccess, mediaId: string): Promise<Response> {
  const { path: _path, ...m } = await statMedia(access, mediaId);
  return new Response(null, { headers: mediaHeaders(m) });
}

const field = (form: FormData, name: string): string | null => {
  const v = form.get(name);
  return typeof v === "string" && v.trim() ? v : null;
};

/** POST /conversations/:conversationId/attachments — multipart: file, caption?, replyTo?. */
export async function postAttachment(
  access: InboxAccess,
  req: Request,
  conversationId: string,
): Promise<Response> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_UPLOAD)
    throw new AppError(
      "validation",
      `The file is larger than WhatsApp allows for any type (${formatBytes(MAX_UPLOAD)}).`,
      {
        status: 413,
        fields: { file: "Too large" },
      },
    );
  // Counted on the stream: a chunked upload has no Content-Length to check.
  const bytes = await readBodyLimited(req, MAX_UPLOAD + 64 * 1024, "The upload");
  const form = await new Response(bytes, {
    headers: { "content-type": req.headers.get("content-type") ?? "" },
  })
    .formData()
    .catch(() => {
      throw new AppError("validation", "file: send the attachment as multipart/form-data with a file field", {
        fields: { file: "Required" },
      });
    });
  const file = form.get("file");
  if (!(file instanceof Blob))
    throw new AppError("validation", "file: choose a file to send", { fields: { file: "Required" } });
  const replyTo = field(form, "replyTo");
  if (replyTo && !/^[\w.=+/-]{1,256}$/.test(replyTo))
    throw new AppError("validation", "replyTo: not a message id", { fields: { replyTo: "Invalid" } });
  const r = await sendOperatorAttachment(access, access.actor, {
    conversationId,
    bytes: new Uint8Array(await file.arrayBuffer()),
    mimeType: file.type,
    filename: file instanceof File ? file.name : null,
    caption: field(form, "caption"),
    replyTo,
  });
  return Response.json(r, { status: 201 });
}

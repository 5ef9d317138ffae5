import { createHash } from "node:crypto";
import type { Actor, Scope } from "@/lib/auth/scope";
import { conversationFor, lastInboundAt } from "@/lib/conversations/data";
import { AppError } from "@/lib/errors";
import { sanitiseFilename } from "@/lib/media/files";
import { storeMediaFile } from "@/lib/media/store";
import { sendMessage } from "@/lib/messages/send";
import { isWindowOpen } from "@/lib/messages/window";
import { GraphError } from "@/lib/meta/client";
import { graphAppError } from "@/lib/meta/errors";
import { uploadMediaToGraph } from "@/lib/meta/media-upload";
import { projectNumber } from "@/lib/numbers/credentials";
import { checkAttachment, isAnimatedWebp } from "./attachment-limits";

export interface AttachmentInput {
  bytes: Uint8Array;
  mimeType: string;
  filename?: string | null;
  caption?: string | null;
  /** wamid of the message being replied to. */
  replyTo?: string | null;
}

const CAPTION_MAX = 1024;
const CAPTIONED = new Set(["image", "video", "document"]);

/**
 * An operator's file: checked against Meta's limits and the 24-hour window, uploaded to Graph for the
 * conversation's number, kept under MEDIA_DIR so the thread shows it, and sent through the common send
 * path (which stores the message and records a refusal for retry).
 */
export async function sendOperatorAttachment(
  scope: Scope,
  _actor: Actor,
  { conversationId, ...input }: AttachmentInput & { conversationId: string },
): Promise<{ messageId: string; mediaId: string }> {
  const c = await conversationFor(scope, conversationId);

  const check = checkAttachment({
    mime: input.mimeType,
    size: input.bytes.length,
    filename: input.filename,
    animated: input.mimeType.includes("webp") ? isAnimatedWebp(input.bytes) : undefined,
  });
  if (!check.ok)
    throw new AppError("validation", check.message, {
      status: check.reason === "too_large" ? 413 : 422,
      fields: { file: check.message },
    });
  const caption = input.caption?.trim() || null;
  if (caption && !CAPTIONED.has(check.type))
    throw new AppError(
      "validation",
      `WhatsApp does not allow a caption on ${check.type} messages. Send the text separately.`,
      {
        fields: { caption: "Not allowed for this type" },
      },
    );
  if (caption && caption.length > CAPTION_MAX)
    throw new AppError("validation", `caption: at most ${CAPTION_MAX} characters`, {
      fields: { caption: `At most ${CAPTION_MAX} characters` },
    });

  // Checked before uploading so a closed window costs no upload; sendMessage checks it again.
  if (!isWindowOpen(await lastInboundAt(c.phoneNumberId, c.contactId)))
    throw new AppError(
      "validation",
      "The 24-hour window with this customer is closed: files can only be sent within 24 hours of their last message. Send an approved template instead.",
      { status: 422, fields: { type: "Send a template" } },
    );

  const number = await projectNumber(scope.projectId, c.phoneNumberId);
  if (!number) throw new AppError("not_found", "This conversation's number was removed from the project.");
  const filename = sanitiseFilename(input.filename, "file", check.mime);

  try {
    const mediaId = await uploadMediaToGraph(number, { bytes: input.bytes, mimeType: check.mime, filename });
    await storeMediaFile({
      projectId: scope.projectId,
      phoneNumberId: number.id,
      metaMediaId: mediaId,
      bytes: input.bytes,
      mimeType: check.mime,
      sha256: createHash("sha256").update(input.bytes).digest("base64"),
      filename,
    });
    const r = await sendMessage(
      number,
      {
        to: c.contact.waId ?? c.contact.bsuid,
        type: check.type,
        [check.type]: {
          id: mediaId,
          ...(caption ? { caption } : {}),
          ...(check.type === "document" ? { filename } : {}),
        },
        ...(input.replyTo ? { context: { message_id: input.replyTo } } : {}),
      },
      "OPERATOR",
    );
    return { messageId: r.messageId, mediaId };
  } catch (e) {
    if (e instanceof GraphError) throw graphAppError(e.problem);
    throw e;
  }
}

import type { Prisma } from "@/generated/prisma/client";
import type { MessageOrigin } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { upsertContact } from "@/lib/ingest/contacts";
import { drainStatusBacklog } from "@/lib/ingest/process";
import { GraphError, graph } from "@/lib/meta/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { isWindowOpen } from "./window";

const IN_FLIGHT_TIMEOUT_MS = 60_000;

/** Meta's outbound message types; each needs its own content object (`{ type: "text", text: {…} }`). */
const MESSAGE_TYPES = [
  "text",
  "image",
  "audio",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "template",
  "reaction",
] as const;

export interface SendResult {
  messageId: string;
  conversationId: string;
  wamid: string;
  /** Meta's answer, as Meta gave it. */
  response: unknown;
}

interface GraphSendResponse {
  messages?: { id: string }[];
}

/**
 * Sends one message for a number and stores it, for every origin (operator, workflow, API). Checks
 * the 24-hour window, allows one message in flight per conversation (the database enforces it: a
 * second concurrent send gets 409), and records Meta's refusal on the message so it can be retried.
 */
export async function sendMessage(
  number: NumberWithSecrets,
  body: Record<string, unknown>,
  origin: MessageOrigin,
): Promise<SendResult> {
  const rawTo = body.to ?? body.recipient;
  if (typeof rawTo !== "string" || !/^\+?[\d\s().-]{5,24}$|^[A-Z]{2}\.[\w.]+$/.test(rawTo.trim())) {
    throw new AppError(
      "validation",
      "to: the recipient's phone number in international format, or a business-scoped user id",
      { fields: { to: "Invalid recipient" } },
    );
  }
  if (body.type !== undefined && typeof body.type !== "string") {
    throw new AppError("validation", "type: must be a message type such as text or template", {
      fields: { type: "Invalid type" },
    });
  }
  const to = rawTo.replace(/[^\dA-Z.]/g, "");
  if (!to)
    throw new AppError("validation", "to: the recipient's phone number is required", {
      fields: { to: "Required" },
    });
  const type = String(body.type ?? "text");
  // Checked before anything is written: a refused type must not leave a pending message behind.
  if (!(MESSAGE_TYPES as readonly string[]).includes(type))
    throw new AppError("validation", `type: must be one of ${MESSAGE_TYPES.join(", ")}`, {
      fields: { type: "Unknown message type" },
    });
  const content = body[type];
  if (typeof content !== "object" || content === null || Array.isArray(content))
    throw new AppError("validation", `${type}: a ${type} message needs a "${type}" object`, {
      fields: { [type]: "Required object" },
    });
  const isBsuid = /^[A-Z]{2}\./.test(to);

  const pending = await db()
    .$transaction(async (tx) => {
      const contact = await upsertContact(tx, number.projectId, isBsuid ? { bsuid: to } : { waId: to });
      let conversation = await tx.conversation.findFirst({
        where: { phoneNumberId: number.id, contactId: contact.id, status: "ACTIVE" },
        select: { id: true, lastInboundAt: true },
      });
      if (!conversation) {
        conversation = await tx.conversation.create({
          data: { projectId: number.projectId, phoneNumberId: number.id, contactId: contact.id },
          select: { id: true, lastInboundAt: true },
        });
        await emit(tx, number.projectId, "whatsapp.conversation.created", {
          conversationId: conversation.id,
          phoneNumberId: number.id,
          contactId: contact.id,
        });
      }
      // The window belongs to the customer and number, not to one conversation: a reopened or new
      // conversation still counts the customer's last message in an earlier one.
      const last = await tx.conversation.aggregate({
        where: { phoneNumberId: number.id, contactId: contact.id },
        _max: { lastInboundAt: true },
      });
      if (type !== "template" && !isWindowOpen(last._max.lastInboundAt)) {
        throw new AppError(
          "validation",
          "The 24-hour window with this customer is closed: only an approved template can be sent until they write again.",
          {
            status: 422,
            fields: { type: "Send a template" },
          },
        );
      }
      // A send that never got an answer (a crash mid-call) must not block the conversation forever.
      await tx.message.updateMany({
        where: {
          conversationId: conversation.id,
          status: "PENDING",
          wamid: null,
          createdAt: { lt: new Date(Date.now() - IN_FLIGHT_TIMEOUT_MS) },
        },
        data: {
          status: "FAILED",
          error: {
            code: 0,
            title: "No answer from WhatsApp",
            message: "The send was interrupted; retry it.",
          },
        },
      });
      const message = await tx.message.create({
        data: {
          projectId: number.projectId,
          conversationId: conversation.id,
          phoneNumberId: number.id,
          direction: "OUTBOUND",
          type,
          content: body as Prisma.InputJsonObject,
          status: "PENDING",
          replyToWamid: (body.context as { message_id?: string } | undefined)?.message_id ?? null,
          origin,
        },
        select: { id: true },
      });
      await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: new Date() } });
      await emit(tx, number.projectId, "message.created", {
        messageId: message.id,
        conversationId: conversation.id,
        phoneNumberId: number.id,
      });
      return { messageId: message.id, conversationId: conversation.id };
    })
    .catch((e: unknown) => {
      if ((e as { code?: string }).code === "P2002") {
        throw new AppError(
          "conflict",
          "Another message to this customer is still being sent. Retry in a moment.",
          { status: 409 },
        );
      }
      throw e;
    });
  wakeDispatcher();

  try {
    const response = await graph<GraphSendResponse>(number, "POST", `${number.phoneNumberId}/messages`, {
      body: { messaging_product: "whatsapp", ...body },
    });
    const wamid = response?.messages?.[0]?.id;
    if (!wamid)
      throw new AppError("unavailable", "WhatsApp accepted the request but returned no message id.");
    await db().$transaction(async (tx) => {
      await tx.message.update({ where: { id: pending.messageId }, data: { wamid } });
      await drainStatusBacklog(tx, number.projectId, {
        id: pending.messageId,
        wamid,
        conversationId: pending.conversationId,
      });
    });
    wakeDispatcher();
    return { ...pending, wamid, response };
  } catch (e) {
    const error =
      e instanceof GraphError
        ? { code: e.problem.code, title: e.problem.action, details: e.problem.details ?? null }
        : { code: 0, title: (e as Error).message };
    await db().$transaction(async (tx) => {
      await tx.message.update({ where: { id: pending.messageId }, data: { status: "FAILED", error } });
      await emit(tx, number.projectId, "whatsapp.message.failed", {
        messageId: pending.messageId,
        conversationId: pending.conversationId,
        phoneNumberId: number.id,
      });
    });
    wakeDispatcher();
    throw e;
  }
}

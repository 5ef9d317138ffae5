import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { MessageOrigin } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { upsertContact } from "./contact-mutations";
import { reserveSendInOneTrip, setWamid } from "./send-store";
import { drainStatusBacklog } from "./status-mutations";
import { isWindowOpen } from "./window";

// The writes of an outbound send (lib/messages/send.ts orchestrates them around the Graph call).

const IN_FLIGHT_TIMEOUT_MS = 60_000;

export interface PendingSend {
  messageId: string;
  conversationId: string;
}

/**
 * Stores the message as PENDING before Graph is called, in the customer's open conversation (created
 * if needed). One message in flight per conversation: the database refuses a second (409).
 * `refuseOutsideWindow` is the dashboard's up-front guidance; the Meta proxy sends anyway, as Meta
 * does, and the refusal arrives as a `failed` status (131047).
 */
export async function reserveSend(
  number: NumberWithSecrets,
  input: {
    to: string;
    type: string;
    body: Record<string, unknown>;
    origin: MessageOrigin;
    refuseOutsideWindow: boolean;
    /** A sender that may run this send again after a crash (workflow steps): the second reservation fails. */
    idempotencyKey?: string;
  },
): Promise<PendingSend> {
  const { to, type, body, origin } = input;
  // No window to check and no idempotency key: one round trip (send-store.ts), the same writes.
  if (!input.idempotencyKey && (!input.refuseOutsideWindow || type === "template"))
    return reserveSendInOneTrip(number, { to, type, body, origin });
  const isBsuid = /^[A-Z]{2}\./.test(to);
  return db()
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
      if (input.refuseOutsideWindow && type !== "template" && !isWindowOpen(last._max.lastInboundAt)) {
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
          idempotencyKey: input.idempotencyKey ?? null,
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
        if (input.idempotencyKey)
          throw new AppError("conflict", "This message was already sent (or is being sent).", {
            status: 409,
            details: { idempotencyKey: input.idempotencyKey },
          });
        throw new AppError(
          "conflict",
          "Another message to this customer is still being sent. Retry in a moment.",
          { status: 409 },
        );
      }
      throw e;
    });
}

/** Graph accepted the send: its wamid, and any statuses that raced ahead of it. */
export async function recordSent(
  number: NumberWithSecrets,
  pending: PendingSend,
  wamid: string,
): Promise<void> {
  // Usually no status has come before the wamid: one statement. Otherwise the backlog is applied in a
  // transaction (the wamid is set again there, harmlessly).
  const { backlog } = await setWamid(number, pending.messageId, wamid);
  if (!backlog) return;
  await db().$transaction(async (tx) => {
    await tx.message.update({ where: { id: pending.messageId }, data: { wamid } });
    await drainStatusBacklog(tx, number.projectId, {
      id: pending.messageId,
      wamid,
      conversationId: pending.conversationId,
    });
  });
}

/** Graph refused the send (or never answered): the message keeps the reason so it can be retried. */
export async function recordSendFailure(
  number: NumberWithSecrets,
  pending: PendingSend,
  error: Prisma.InputJsonObject,
): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.message.update({ where: { id: pending.messageId }, data: { status: "FAILED", error } });
    await emit(tx, number.projectId, "whatsapp.message.failed", {
      messageId: pending.messageId,
      conversationId: pending.conversationId,
      phoneNumberId: number.id,
    });
  });
}

/** The message an idempotent sender (a workflow step) stored under `key`, if any. */
export async function messageByIdempotencyKey(key: string) {
  return db().message.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, conversationId: true, wamid: true, status: true, error: true, createdAt: true },
  });
}

/**
 * A send whose process died before WhatsApp answered: marked failed now (as the in-flight sweep would
 * after a minute), so the conversation is free for the next message. Whether it arrived is unknown.
 */
export async function markSendInterrupted(messageId: string): Promise<void> {
  await db().message.updateMany({
    where: { id: messageId, status: "PENDING", wamid: null },
    data: {
      status: "FAILED",
      error: { code: 0, title: "No answer from WhatsApp", message: "The send was interrupted; retry it." },
    },
  });
}

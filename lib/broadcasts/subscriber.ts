import type { Prisma } from "@/generated/prisma/client";
import type { EventRow, Subscriber } from "@/lib/events/subscribers";
import { RETRYABLE_CODES } from "./sender-store";

// Per-recipient progress from the outbox: message statuses (sent, delivered, read, failed) move the
// recipient linked to that message forward (never back), a throttled send (130429) goes back to the
// queue, and a customer's reply on the broadcast's number marks their latest recipient row responded.
// Runs in the dispatch transaction, so each event is applied exactly once.

const STATUS_EVENTS = {
  "whatsapp.message.sent": "SENT",
  "whatsapp.message.delivered": "DELIVERED",
  "whatsapp.message.read": "READ",
  "whatsapp.message.failed": "FAILED",
} as const;

async function applyStatuses(tx: Prisma.TransactionClient, events: EventRow[]) {
  for (const e of events) {
    const status = STATUS_EVENTS[e.type as keyof typeof STATUS_EVENTS];
    const messageId = e.payload.messageId;
    if (!status || typeof messageId !== "string") continue;
    const at = e.createdAt;
    if (status === "FAILED") {
      const [m] = await tx.$queryRaw<{ error: { code?: number; title?: string; message?: string } | null }[]>`
        SELECT error FROM "Message" WHERE id = ${messageId}`;
      const code = typeof m?.error?.code === "number" ? m.error.code : null;
      const title = m?.error?.title ?? m?.error?.message ?? "Failed";
      if (code !== null && RETRYABLE_CODES.has(code)) {
        // Back in the queue (if attempts remain) and the sender pauses; the broadcast resumes if it had ended.
        const requeued = await tx.$queryRaw<{ broadcastId: string }[]>`
          UPDATE "BroadcastRecipient" SET status = 'PENDING', "claimedAt" = NULL, "messageId" = NULL, wamid = NULL
          WHERE "messageId" = ${messageId} AND attempts < 5 AND status IN ('ACCEPTED', 'SENT')
          RETURNING "broadcastId"`;
        for (const r of requeued)
          await tx.$executeRaw`
            UPDATE "Broadcast" SET "backoffUntil" = GREATEST(COALESCE("backoffUntil", now()), now() + interval '2 seconds')
            WHERE id = ${r.broadcastId}`;
        if (requeued.length) continue;
      }
      await tx.$executeRaw`
        UPDATE "BroadcastRecipient" SET status = 'FAILED', "failedAt" = ${at}, "errorCode" = ${code}, "errorTitle" = ${title.slice(0, 500)}
        WHERE "messageId" = ${messageId} AND status IN ('ACCEPTED', 'SENT', 'DELIVERED', 'READ')`;
      continue;
    }
    // Forward only: ACCEPTED < SENT < DELIVERED < READ (a late "sent" never undoes "read").
    await tx.$executeRaw`
      UPDATE "BroadcastRecipient" SET
        status = ${status}::"BroadcastRecipientStatus",
        "deliveredAt" = CASE WHEN ${status} IN ('DELIVERED', 'READ') THEN COALESCE("deliveredAt", ${at}) ELSE "deliveredAt" END,
        "readAt" = CASE WHEN ${status} = 'READ' THEN COALESCE("readAt", ${at}) ELSE "readAt" END
      WHERE "messageId" = ${messageId}
        AND array_position(ARRAY['ACCEPTED', 'SENT', 'DELIVERED', 'READ']::text[], status::text)
          < array_position(ARRAY['ACCEPTED', 'SENT', 'DELIVERED', 'READ']::text[], ${status})`;
  }
}

async function applyReplies(tx: Prisma.TransactionClient, events: EventRow[]) {
  for (const e of events) {
    if (e.type !== "whatsapp.message.received") continue;
    const { contactId, phoneNumberId } = e.payload;
    if (typeof contactId !== "string" || typeof phoneNumberId !== "string") continue;
    await tx.$executeRaw`
      UPDATE "BroadcastRecipient" SET "respondedAt" = ${e.createdAt}
      WHERE id = (
        SELECT r.id FROM "BroadcastRecipient" r JOIN "Broadcast" b ON b.id = r."broadcastId"
        WHERE r."contactId" = ${contactId} AND b."phoneNumberId" = ${phoneNumberId}
          AND r."sentAt" IS NOT NULL AND r."sentAt" <= ${e.createdAt}
          AND r.status IN ('ACCEPTED', 'SENT', 'DELIVERED', 'READ')
        ORDER BY r."sentAt" DESC LIMIT 1
      ) AND "respondedAt" IS NULL`;
  }
}

export const broadcastsSubscriber: Subscriber = {
  name: "broadcasts",
  async handle(tx, events) {
    await applyStatuses(tx, events);
    await applyReplies(tx, events);
  },
};

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { EventRow } from "@/lib/events/subscribers";
import { runAt } from "@/lib/jobs/enqueue";
import { takeBuffer } from "./buffer-store";
import { deliverClaimed } from "./deliver";
import type { HookRow } from "./dispatch-store";
import { flushBufferJob } from "./job-defs";
import { eventKey } from "./subscriber";

// Buffering (spec §1.8, kapso kind, whatsapp.message.received): per conversation, messages wait in
// 'buffered' rows; the window restarts with each message (every message arms its own flush timer, and a
// flush finds nothing to do while a newer message's window is still open); max_buffer_size flushes at once.

type Tx = Prisma.TransactionClient;

export async function queueBuffered(tx: Tx, h: HookRow, e: EventRow, body: string, conversationId: string) {
  await tx.webhookDelivery.create({
    data: {
      projectId: e.projectId,
      webhookId: h.id,
      eventId: e.id,
      eventType: e.type,
      idempotencyKey: eventKey(e.id),
      body,
      conversationId,
      status: "buffered",
    },
    select: { id: true },
  });
  const waiting = await tx.webhookDelivery.count({
    where: { webhookId: h.id, conversationId, status: "buffered" },
  });
  const at = waiting >= h.maxBufferSize ? new Date() : new Date(Date.now() + h.bufferWindowSeconds * 1000);
  await runAt(flushBufferJob, { webhookId: h.id, conversationId }, at, `buffer:${h.id}:${e.id}`, tx);
}

/** Folds a conversation's buffered messages into batch deliveries (when its window is over) and posts them. */
export async function flushBuffer(webhookId: string, conversationId: string): Promise<number> {
  const claimed = await takeBuffer(webhookId, conversationId);
  if (claimed.length > 0) await deliverClaimed(claimed);
  return claimed.length;
}

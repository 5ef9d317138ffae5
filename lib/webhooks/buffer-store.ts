import "@/lib/server-only";
import { createHash, randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { armLeaseTimer, type ClaimedDelivery, leaseMs } from "./delivery-store";

// Buffered messages (buffer.ts) folded into batch deliveries once a conversation's window closes.

/**
 * Turns a conversation's buffered rows into batch deliveries of at most max_buffer_size, unless a newer
 * message's window is still open and the buffer is not full. The batches are leased to the caller.
 */
export async function takeBuffer(webhookId: string, conversationId: string): Promise<ClaimedDelivery[]> {
  const { batchPayload } = await import("./payloads");
  return db().$transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: webhookId } });
    if (!hook?.active || hook.pausedAt) return [];
    const rows = await tx.$queryRaw<
      { id: string; eventId: bigint; body: string; createdAt: Date; projectId: string }[]
    >`
      SELECT id, "eventId", body, "createdAt", "projectId" FROM "WebhookDelivery"
      WHERE "webhookId" = ${webhookId} AND "conversationId" = ${conversationId} AND status = 'buffered'
      ORDER BY "eventId" FOR UPDATE`;
    if (rows.length === 0) return [];
    const newest = rows[rows.length - 1] as (typeof rows)[number];
    const windowMs = hook.bufferWindowSeconds * 1000;
    if (rows.length < hook.maxBufferSize && newest.createdAt.getTime() + windowMs > Date.now() + 50)
      return [];
    const out: ClaimedDelivery[] = [];
    const lease = new Date(Date.now() + leaseMs(rows.length));
    for (let i = 0; i < rows.length; i += hook.maxBufferSize) {
      const chunk = rows.slice(i, i + hook.maxBufferSize);
      const id = randomUUID();
      const first = chunk[0] as (typeof rows)[number];
      const last = chunk[chunk.length - 1] as (typeof rows)[number];
      const body = JSON.stringify(
        batchPayload(
          "whatsapp.message.received",
          chunk.map((r) => JSON.parse(r.body)),
          {
            windowMs,
            firstSequence: Number(first.eventId),
            lastSequence: Number(last.eventId),
            conversationId,
          },
        ),
      );
      const key = createHash("sha256")
        .update(`batch:${chunk.map((r) => r.id).join(",")}`)
        .digest("hex");
      const idempotencyKey = `${key.slice(0, 8)}-${key.slice(8, 12)}-4${key.slice(13, 16)}-b${key.slice(17, 20)}-${key.slice(20, 32)}`;
      await tx.webhookDelivery.create({
        data: {
          id,
          projectId: first.projectId,
          webhookId,
          eventType: "whatsapp.message.received",
          idempotencyKey,
          body,
          batchSize: chunk.length,
          conversationId: null,
          leaseUntil: lease,
        },
        select: { id: true },
      });
      await tx.webhookDelivery.updateMany({
        where: { id: { in: chunk.map((r) => r.id) } },
        data: { status: "batched", batchId: id },
      });
      out.push({
        id,
        projectId: first.projectId,
        webhookId,
        eventType: "whatsapp.message.received",
        eventId: null,
        idempotencyKey,
        body,
        batchSize: chunk.length,
        conversationId: null,
        attempt: 1,
        url: hook.url,
        kind: hook.kind,
        payloadVersion: hook.payloadVersion,
        customHeaders: (hook.headers ?? {}) as Record<string, string>,
        secretEnc: hook.secretEnc,
        leaseUntil: lease,
      });
    }
    await armLeaseTimer(
      tx,
      out.map((d) => d.id),
      lease,
    );
    return out;
  });
}

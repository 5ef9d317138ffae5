import "@/lib/server-only";
import { db } from "@/lib/db/client";
import { daysAgo, inChunks } from "@/lib/jobs/chunks";

/**
 * Deletes raw webhook bodies older than `days` once they are settled (processed, orphaned or failed).
 * PENDING ones are never deleted: they are work not yet done.
 */
export async function pruneWebhookEvents(days: number, now = Date.now()): Promise<number> {
  const before = daysAgo(days, now);
  // The counts of refused webhooks go with them.
  await db().$executeRaw`DELETE FROM "WebhookRejection" WHERE "lastAt" < ${before}`;
  return inChunks(
    (limit) => db().$executeRaw`
      DELETE FROM "WebhookEvent" WHERE id IN (
        SELECT id FROM "WebhookEvent"
        WHERE status <> 'PENDING' AND "receivedAt" < ${before}
        LIMIT ${limit})`,
  );
}

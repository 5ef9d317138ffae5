import "@/lib/server-only";
import { db } from "@/lib/db/client";
import { daysAgo, inChunks } from "@/lib/jobs/chunks";

/**
 * Deletes events older than `days` that every named subscriber has already handled (at or below the
 * lowest of their cursors, and below the horizon). A subscriber without a cursor yet starts at the
 * horizon, so it needs none of them.
 */
export async function pruneDomainEvents(subscribers: readonly string[], days: number, now = Date.now()) {
  const before = daysAgo(days, now);
  const [bound] = await db().$queryRaw<{ upto: bigint | null }[]>`
    SELECT LEAST(
      (SELECT min("lastId") FROM "EventCursor" WHERE subscriber = ANY(${subscribers as string[]})),
      (SELECT "safeId" FROM "EventHorizon" WHERE id = 1)) AS upto`;
  const upto = bound?.upto;
  if (upto === null || upto === undefined) return 0;
  return inChunks(
    (limit) => db().$executeRaw`
      DELETE FROM "DomainEvent" WHERE id IN (
        SELECT id FROM "DomainEvent" WHERE id <= ${upto} AND "createdAt" < ${before} ORDER BY id LIMIT ${limit})`,
  );
}

import "@/lib/server-only";
import { db } from "@/lib/db/client";
import { daysAgo, inChunks } from "@/lib/jobs/chunks";

/** Deletes audit entries older than `days`. */
export async function pruneAuditLog(days: number, now = Date.now()): Promise<number> {
  const before = daysAgo(days, now);
  return inChunks(
    (limit) => db().$executeRaw`
      DELETE FROM "AuditLog" WHERE id IN (
        SELECT id FROM "AuditLog" WHERE "createdAt" < ${before} LIMIT ${limit})`,
  );
}

import "@/lib/server-only";
import { db } from "@/lib/db/client";
import { daysAgo, inChunks } from "@/lib/jobs/chunks";

/**
 * Deletes API-log rows older than `days`. Project by project, so each chunk is a range scan of the
 * log's (projectId, createdAt) index rather than a scan of the whole table (the log has no index on
 * createdAt alone, and adding one would cost every logged call an extra index write).
 */
export async function pruneApiLogs(days: number, now = Date.now()): Promise<number> {
  const before = daysAgo(days, now);
  const projects = await db().project.findMany({ select: { id: true } });
  let total = 0;
  for (const { id: projectId } of projects)
    total += await inChunks(
      (limit) => db().$executeRaw`
        DELETE FROM "ApiLog" WHERE id IN (
          SELECT id FROM "ApiLog"
          WHERE "projectId" = ${projectId} AND "createdAt" < ${before}
          LIMIT ${limit})`,
    );
  return total;
}

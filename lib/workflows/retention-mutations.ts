import "@/lib/server-only";
import { db } from "@/lib/db/client";
import { inChunks } from "@/lib/jobs/chunks";

/**
 * Keeps, per workflow, the current version, the published (pinned) one and the `keep` most recent ones;
 * deletes older versions.
 */
export async function pruneWorkflowVersions(keep: number): Promise<number> {
  return inChunks(
    (limit) => db().$executeRaw`
      DELETE FROM "WorkflowVersion" WHERE id IN (
        SELECT v.id FROM "WorkflowVersion" v
        JOIN "Workflow" w ON w.id = v."workflowId"
        WHERE v.version <> w.version
          AND v.id IS DISTINCT FROM w."publishedVersionId"
          AND v.version <= w.version - ${keep}
        LIMIT ${limit})`,
  );
}

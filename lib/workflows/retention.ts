import { db } from "@/lib/db/client";
import { inChunks } from "@/lib/jobs/chunks";

/**
 * Keeps, per workflow, the current version and the `keep` most recent ones; deletes older versions.
 * (When a workflow pins a published version, that one is kept too: add it to the NOT IN list.)
 */
export async function pruneWorkflowVersions(keep: number): Promise<number> {
  return inChunks(
    (limit) => db().$executeRaw`
      DELETE FROM "WorkflowVersion" WHERE id IN (
        SELECT v.id FROM "WorkflowVersion" v
        JOIN "Workflow" w ON w.id = v."workflowId"
        WHERE v.version <> w.version
          AND v.version <= w.version - ${keep}
        LIMIT ${limit})`,
  );
}

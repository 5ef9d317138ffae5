import { platformRoute } from "@/lib/http/platform";
import { getWorkflow } from "@/lib/workflows/data";

// GET /platform/v1/workflows/{id}/definition: the graph alone, with its lock_version (Kapso §3.7).
export const GET = platformRoute<{ workflowId: string }>(async (ctx, _req, { workflowId }) => {
  const w = await getWorkflow(ctx.projectId, workflowId);
  return { data: { workflow_id: w.id, lock_version: w.version, definition: w.definition } };
});

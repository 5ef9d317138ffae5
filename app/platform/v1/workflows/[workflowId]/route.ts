import { platformRoute, readBody } from "@/lib/http/platform";
import { getWorkflow } from "@/lib/workflows/data";
import { updateWorkflowFromApi } from "@/lib/workflows/platform";
import { actorFromKey, updateWorkflowBody, workflowJson } from "@/lib/workflows/platform-schema";

type P = { workflowId: string };

// GET /platform/v1/workflows/{id}: the workflow with its definition.
export const GET = platformRoute<P>(async (ctx, _req, { workflowId }) => ({
  data: workflowJson(await getWorkflow(ctx.projectId, workflowId)),
}));

// PATCH /platform/v1/workflows/{id}  { workflow: { name?, description?, definition?, status?, lock_version? } }
export const PATCH = platformRoute<P>(async (ctx, req, { workflowId }) => {
  const body = await readBody(req, updateWorkflowBody);
  return { data: workflowJson(await updateWorkflowFromApi(actorFromKey(ctx), workflowId, body)) };
});

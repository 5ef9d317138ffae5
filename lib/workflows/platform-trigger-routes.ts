import { platformRoute, readBody } from "@/lib/http/platform";
import { actorFromKey, triggerJson, updateTriggerBody } from "./platform-schema";
import { deleteTrigger, setTriggerActive } from "./triggers";

// Shared by /platform/v1/workflows/{workflow_id}/triggers/{trigger_id} and Kapso's own
// /platform/v1/triggers/{id}; the first also checks the trigger belongs to that workflow.
type P = { triggerId: string; workflowId?: string };

export const patchTrigger = platformRoute<P>(async (ctx, req, { triggerId, workflowId }) => {
  const body = await readBody(req, updateTriggerBody);
  return { data: triggerJson(await setTriggerActive(actorFromKey(ctx), triggerId, body.active, workflowId)) };
});

export const deleteTriggerRoute = platformRoute<P>(async (ctx, _req, { triggerId, workflowId }) => {
  await deleteTrigger(actorFromKey(ctx), triggerId, workflowId);
  return new Response(null, { status: 204 });
});

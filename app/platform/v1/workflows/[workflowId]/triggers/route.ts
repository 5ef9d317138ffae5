import { platformRoute, readBody } from "@/lib/http/platform";
import { getWorkflowSummary } from "@/lib/workflows/data";
import { triggerFieldsFrom } from "@/lib/workflows/platform";
import { actorFromKey, createTriggerBody, triggerJson } from "@/lib/workflows/platform-schema";
import { createTrigger, listTriggers } from "@/lib/workflows/triggers";

type P = { workflowId: string };

// GET /platform/v1/workflows/{id}/triggers
export const GET = platformRoute<P>(async (ctx, _req, { workflowId }) => {
  await getWorkflowSummary(ctx.projectId, workflowId); // 404 for another project's workflow
  return { data: (await listTriggers(ctx.projectId, workflowId)).map(triggerJson) };
});

// POST /platform/v1/workflows/{id}/triggers  { trigger_type, phone_number_id?, event?, active? }
export const POST = platformRoute<P>(async (ctx, req, { workflowId }) => {
  const body = await readBody(req, createTriggerBody);
  const actor = actorFromKey(ctx);
  await getWorkflowSummary(ctx.projectId, workflowId); // 404 before a 422 about the number
  const trigger = await createTrigger(
    actor,
    workflowId,
    await triggerFieldsFrom(actor, body),
    "phone_number_id",
  );
  return { data: triggerJson(trigger), status: 201 };
});

import type { z } from "zod";
import type { Actor, Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import {
  getWorkflow,
  getWorkflowDefinition,
  getWorkflowSummary,
  problemsFor,
  validationContext,
} from "./data";
import {
  createWorkflow,
  saveDefinition,
  setArchived,
  setWorkflowStatus,
  updateWorkflowDetails,
} from "./mutations";
import type { createTriggerBody, createWorkflowBody, updateWorkflowBody } from "./platform-schema";
import type { TriggerFields } from "./schema";
import { projectNumberId } from "./triggers";
import { type Problem, validateWorkflow } from "./validate";

/** Maps the API's trigger (Meta phone_number_id) to the service's fields (our PhoneNumber id). */
export async function triggerFieldsFrom(
  scope: Scope,
  body: z.infer<typeof createTriggerBody>,
): Promise<TriggerFields> {
  const number = async (metaId: string) => projectNumberId(scope.projectId, { metaId }, "phone_number_id");
  switch (body.trigger_type) {
    case "inbound_message":
      return {
        type: "INBOUND_MESSAGE",
        phoneNumberId: await number(body.phone_number_id),
        active: body.active,
      };
    case "whatsapp_event":
      return {
        type: "WHATSAPP_EVENT",
        eventType: body.event,
        phoneNumberId: body.phone_number_id ? await number(body.phone_number_id) : null,
        active: body.active,
      };
    case "api_call":
      return { type: "API_CALL", active: body.active };
  }
}

/** POST /workflows: `status: "active"` is validated before anything is created. */
export async function createWorkflowFromApi(
  scope: Scope,
  actor: Actor,
  body: z.infer<typeof createWorkflowBody>,
) {
  if (body.status === "ACTIVE" && body.definition) {
    assertActivatable(validateWorkflow(body.definition, await validationContext(scope.projectId)));
  }
  const created = await createWorkflow(scope, actor, {
    name: body.name,
    description: body.description,
    definition: body.definition,
  });
  if (body.status === "ACTIVE")
    await setWorkflowStatus(scope, actor, { workflowId: created.id, status: "ACTIVE" });
  if (body.status === "ARCHIVED") await setArchived(scope, actor, { workflowId: created.id, archived: true });
  return getWorkflow(scope.projectId, created.id);
}

/**
 * PATCH /workflows/{id}. Checks everything that can refuse (lock_version, activation problems) before the
 * first write, so a refused request changes nothing.
 */
export async function updateWorkflowFromApi(
  scope: Scope,
  actor: Actor,
  { workflowId, body }: { workflowId: string; body: z.infer<typeof updateWorkflowBody> },
) {
  const current = await getWorkflowSummary(scope.projectId, workflowId);
  if (body.lock_version !== undefined && body.lock_version !== current.version) {
    throw new AppError(
      "conflict",
      `lock_version ${body.lock_version} is stale: the workflow is at ${current.version}. Fetch it again and retry.`,
      { details: { lock_version: current.version } },
    );
  }
  if (body.status === "ACTIVE") {
    const definition = body.definition ?? (await getWorkflowDefinition(scope.projectId, workflowId));
    assertActivatable(await problemsFor(scope.projectId, workflowId, definition));
  }
  if (body.name !== undefined || body.description !== undefined) {
    await updateWorkflowDetails(scope, actor, { workflowId, name: body.name, description: body.description });
  }
  if (body.definition) {
    await saveDefinition(scope, actor, {
      workflowId,
      definition: body.definition,
      expectedVersion: body.lock_version ?? current.version,
      overwrite: body.lock_version === undefined,
    });
  }
  if (body.status === "ARCHIVED") {
    if (current.status !== "ARCHIVED") await setArchived(scope, actor, { workflowId, archived: true });
  } else if (body.status) {
    if (current.status === "ARCHIVED") await setArchived(scope, actor, { workflowId, archived: false });
    // "active" publishes the definition as it now is (also on an already active workflow whose draft
    // changed); "draft" and Kapso's "paused" deactivate, so nothing runs.
    await setWorkflowStatus(scope, actor, { workflowId, status: body.status });
  }
  return getWorkflow(scope.projectId, workflowId);
}

function assertActivatable(problems: Problem[]): void {
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length === 0) return;
  throw new AppError(
    "validation",
    `The workflow has ${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before it can be active: ${errors[0]?.message}${errors.length > 1 ? "…" : ""}`,
    {
      details: {
        problems: problems.map((p) => ({
          node_id: p.nodeId ?? null,
          field: p.field ?? null,
          severity: p.severity,
          code: p.code,
          message: p.message,
        })),
      },
    },
  );
}

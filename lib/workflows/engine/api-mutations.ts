import "@/lib/server-only";
import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { startExecution } from "./start-mutations";

// Kapso's API trigger: POST /platform/v1/workflows/{id}/executions → 202 with a tracking id, only for
// active workflows, within a burst limit per API key and workflow.

/** Kapso's legacy/free burst limit: requests per second per API key and workflow. */
export const BURST_PER_SECOND = 5;

const variableNames = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "variable names are letters, digits and _"),
  z.unknown(),
);

export const startExecutionBody = z.object({
  workflow_execution: z.object(
    {
      phone_number: z
        .string({ message: "phone_number is required (international format)" })
        .regex(/^\+?[\d\s().-]{5,24}$/, "phone_number must be in international format, e.g. +15551234567"),
      phone_number_id: z.string().min(1).max(64).optional(),
      whatsapp_config_id: z.union([z.string().max(64), z.number()]).optional(),
      variables: variableNames.optional(),
      context: z.record(z.string(), z.unknown()).optional(),
      initial_data: z.record(z.string(), z.unknown()).optional(),
    },
    { message: "workflow_execution is required" },
  ),
});
export type StartExecutionBody = z.infer<typeof startExecutionBody>;

export interface BurstResult {
  allowed: boolean;
  limit: number;
  remaining: number;
}

/** Counts this request in its second; over the limit it is refused (and not counted twice). */
export async function takeBurstToken(apiKeyId: string, workflowId: string): Promise<BurstResult> {
  const second = BigInt(Math.floor(Date.now() / 1000));
  const [row] = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO "WorkflowApiBurst" ("apiKeyId", "workflowId", "second", "count")
    VALUES (${apiKeyId}, ${workflowId}, ${second}, 1)
    ON CONFLICT ("apiKeyId", "workflowId", "second") DO UPDATE SET "count" = "WorkflowApiBurst"."count" + 1
    RETURNING "count"`;
  // Old seconds of this key and workflow are of no use: kept small as it goes.
  if (Math.random() < 0.05)
    await db().$executeRaw`
      DELETE FROM "WorkflowApiBurst" WHERE "apiKeyId" = ${apiKeyId} AND "workflowId" = ${workflowId}
        AND "second" < ${second - 5n}`;
  const count = Number(row?.count ?? 1);
  return {
    allowed: count <= BURST_PER_SECOND,
    limit: BURST_PER_SECOND,
    remaining: Math.max(0, BURST_PER_SECOND - count),
  };
}

/** Starts an API-triggered execution; 404 for another project's workflow, 422 when it is not active. */
export async function startFromApi(
  projectId: ProjectId,
  apiKeyId: string,
  workflowId: string,
  body: StartExecutionBody["workflow_execution"],
  meta: { requestIp: string | null },
): Promise<{ id: string; trackingId: string }> {
  const wf = await db().workflow.findFirst({
    where: { id: workflowId, projectId },
    select: { status: true },
  });
  if (!wf) throw new AppError("not_found", "Workflow not found.");
  if (wf.status !== "ACTIVE")
    throw new AppError(
      "validation",
      "workflow: only an active workflow can be executed (activate it first)",
      {
        fields: { workflow: "Not active" },
      },
    );
  const requested =
    body.phone_number_id ?? (body.whatsapp_config_id !== undefined ? String(body.whatsapp_config_id) : null);
  let numberId: string | null = null;
  if (requested) {
    const n = await db().phoneNumber.findFirst({
      where: { projectId, OR: [{ phoneNumberId: requested }, { id: requested }] },
      select: { id: true },
    });
    if (!n)
      throw new AppError("validation", "phone_number_id: not a WhatsApp number of this project", {
        fields: { phone_number_id: "Not in this project" },
      });
    numberId = n.id;
  } else {
    const n = await db().phoneNumber.findFirst({
      where: { projectId },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    numberId = n?.id ?? null;
  }
  const phone = body.phone_number.replace(/[^\d]/g, "");
  const vars = { ...(body.variables ?? {}) };
  return db().$transaction(async (tx) => {
    // The customer's open conversation on that number, when there is one nobody else's execution holds:
    // their replies then come back to this execution.
    const conversation = numberId
      ? await tx.conversation.findFirst({
          where: {
            projectId,
            phoneNumberId: numberId,
            status: "ACTIVE",
            contact: { waId: phone },
            workflowExecutions: {
              none: {
                status: { in: ["RUNNING", "WAITING", "HANDOFF"] },
                observer: false,
                parentExecutionId: null,
              },
            },
          },
          select: { id: true },
        })
      : null;
    const started = await startExecution(tx, {
      projectId,
      workflowId,
      triggerType: "api_call",
      phoneNumberId: numberId,
      conversationId: conversation?.id ?? null,
      contactPhone: phone,
      vars,
      context: { ...(body.context ?? {}), channel: "api", phone_number: phone },
      metadata: {
        request_ip: meta.requestIp,
        request_timestamp: new Date().toISOString(),
        ...(body.initial_data ? { initial_data: body.initial_data } : {}),
      },
      apiKeyId,
    });
    if (!started)
      throw new AppError(
        "validation",
        "workflow: only an active workflow can be executed (activate it first)",
        {
          fields: { workflow: "Not active" },
        },
      );
    return started;
  });
}

/** An execution's id from its id or its tracking id (the 202's), in this project. */
export async function executionIdFor(projectId: ProjectId, idOrTracking: string): Promise<string> {
  const row = await db().workflowExecution.findFirst({
    where: { projectId, OR: [{ id: idOrTracking }, { trackingId: idOrTracking }] },
    select: { id: true },
  });
  if (!row) throw new AppError("not_found", "Execution not found.");
  return row.id;
}

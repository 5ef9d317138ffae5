import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { asDefinition } from "../data";
import type { WorkflowDefinition } from "../definition";
import { advanceJob } from "./jobs";
import type { DbExecutionStatus, ExecutionEventType } from "./status";

// An execution's row as the engine reads it, and what every engine write shares: its event log, the
// runner's wake-up, the published definition it runs. The writes themselves: start-mutations.ts
// (starting), transition-mutations.ts (the runner's fenced steps, calls and returns) and
// parked-mutations.ts (customer input, timeouts and operators on a waiting or handed-off execution).

export type Tx = Prisma.TransactionClient;
export type Json = Record<string, unknown>;

export const EXECUTION_SELECT = {
  id: true,
  projectId: true,
  workflowId: true,
  workflowVersionId: true,
  version: true,
  status: true,
  triggerType: true,
  environment: true,
  observer: true,
  conversationId: true,
  phoneNumberId: true,
  contactPhone: true,
  parentExecutionId: true,
  parentStepCount: true,
  callDepth: true,
  callStack: true,
  vars: true,
  context: true,
  system: true,
  metadata: true,
  lastUserInput: true,
  pendingInputs: true,
  currentNodeId: true,
  agentState: true,
  stepCount: true,
} as const;

export interface ExecRow {
  id: string;
  projectId: string;
  workflowId: string;
  workflowVersionId: string;
  version: number;
  status: DbExecutionStatus;
  triggerType: string;
  environment: string;
  observer: boolean;
  conversationId: string | null;
  phoneNumberId: string | null;
  contactPhone: string | null;
  parentExecutionId: string | null;
  parentStepCount: number | null;
  callDepth: number;
  callStack: Prisma.JsonValue;
  vars: Prisma.JsonValue;
  context: Prisma.JsonValue;
  system: Prisma.JsonValue;
  metadata: Prisma.JsonValue;
  lastUserInput: string | null;
  pendingInputs: Prisma.JsonValue;
  currentNodeId: string | null;
  agentState: Prisma.JsonValue;
  stepCount: number;
}

export const obj = (v: Prisma.JsonValue | undefined): Json =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
export const jsonList = (v: Prisma.JsonValue | undefined): unknown[] => (Array.isArray(v) ? v : []);
export const asJson = (v: unknown) => v as Prisma.InputJsonValue;

// Published versions never change, so their parsed definitions are cached by version row id.
const definitions = new Map<string, WorkflowDefinition>();
export async function definitionOf(versionId: string, client: Tx = db()): Promise<WorkflowDefinition> {
  const hit = definitions.get(versionId);
  if (hit) return hit;
  const row = await client.workflowVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { definition: true },
  });
  const def = asDefinition(row.definition);
  if (definitions.size > 500) definitions.delete(definitions.keys().next().value as string);
  definitions.set(versionId, def);
  return def;
}

export interface EventInput {
  type: ExecutionEventType;
  nodeId?: string | null;
  nodeType?: string | null;
  payload?: Json;
  vars?: Json | null;
}

export async function recordEvents(
  tx: Tx,
  exec: Pick<ExecRow, "id" | "projectId">,
  stepCount: number,
  events: EventInput[],
) {
  if (events.length === 0) return;
  await tx.workflowExecutionEvent.createMany({
    data: events.map((e) => ({
      projectId: exec.projectId,
      executionId: exec.id,
      type: e.type,
      stepCount,
      nodeId: e.nodeId ?? null,
      nodeType: e.nodeType ?? null,
      payload: asJson(e.payload ?? {}),
      vars: e.vars === undefined || e.vars === null ? undefined : asJson(e.vars),
    })),
  });
}

/** Wakes the runner for an execution (inside `tx`: only if it commits). */
export function requestAdvance(tx: Tx, executionId: string, delaySeconds?: number) {
  return enqueue(advanceJob, { executionId }, delaySeconds ? { startAfter: delaySeconds } : {}, tx);
}

export async function loadExecution(id: string): Promise<ExecRow | null> {
  return (await db().workflowExecution.findUnique({
    where: { id },
    select: EXECUTION_SELECT,
  })) as ExecRow | null;
}

/** The row locked for this transaction (SELECT … FOR UPDATE), then read; null when there is none. */
export async function lockExecution(tx: Tx, id: string): Promise<ExecRow | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "WorkflowExecution" WHERE id = ${id} FOR UPDATE`;
  if (!row) return null;
  return (await tx.workflowExecution.findUniqueOrThrow({
    where: { id },
    select: EXECUTION_SELECT,
  })) as ExecRow;
}

/** The customer messages queued for a running execution, as stored now. */
export async function pendingInputsOf(id: string): Promise<unknown[]> {
  const row = await db().workflowExecution.findUnique({ where: { id }, select: { pendingInputs: true } });
  return jsonList(row?.pendingInputs);
}

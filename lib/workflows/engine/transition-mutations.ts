import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { enqueue } from "@/lib/jobs/enqueue";
import type { WorkflowDefinition } from "../definition";
import { MAX_CALL_DEPTH } from "../steps/limits";
import {
  asJson,
  definitionOf,
  type EventInput,
  EXECUTION_SELECT,
  type ExecRow,
  type Json,
  jsonList,
  obj,
  recordEvents,
  requestAdvance,
  type Tx,
} from "./execution-store";
import { nextNodeId, nodeById } from "./graph";
import { advanceJob } from "./jobs";
import { startExecution } from "./start-mutations";
import { type ExecutionStatus, toDb } from "./status";

// The runner's writes. Every step transition is one committed UPDATE of the execution row fenced on
// its stepCount (a second runner that loaded the same state finds its update refused and reloads), with
// the step's events in the same transaction, so what the log says happened is what the row says. A
// call starts its child here, and a finished child returns to its caller here.

const agentStateData = (v: Json | null | undefined) =>
  v === undefined ? {} : { agentState: v === null ? Prisma.DbNull : asJson(v) };

const domainRef = (e: Pick<ExecRow, "workflowId" | "id" | "conversationId" | "phoneNumberId">) => ({
  workflowId: e.workflowId,
  executionId: e.id,
  ...(e.conversationId ? { conversationId: e.conversationId } : {}),
  ...(e.phoneNumberId ? { phoneNumberId: e.phoneNumberId } : {}),
});

export interface Transition {
  status: ExecutionStatus;
  currentNodeId: string | null;
  vars: Json;
  system?: Json;
  lastUserInput?: string | null;
  pendingInputs?: unknown[];
  /** A wait's timeout: the timer (see timer-mutations.ts). */
  waitingUntil?: Date | null;
  /** An agent step's conversation to keep ({ node_id, … }); null clears it; omitted leaves it. */
  agentState?: Json | null;
  /**
   * The customer messages queued while running, as the runner last read them: the commit is refused if
   * another arrived since (so a wait never parks over a message it has not seen).
   */
  expectPending?: unknown[];
  /** Queue the runner to go on after this many seconds (a step's delay), with the transition. */
  advanceAfterSeconds?: number;
  /** A project event the step emits (emit_event), with the transition: once. */
  projectEvent?: { name: string; occurredAt: string; properties: Json };
  error?: Json | null;
  events: EventInput[];
  handoffReason?: string | null;
  failure?: string;
}

/**
 * Commits one transition of a running execution, fenced on `stepCount`: false when another runner or
 * an operator moved it first (the caller reloads). Ending, failing and handing off emit their domain
 * events; a child that finishes hands its variables (or its error) back to the caller.
 */
export async function commitTransition(exec: ExecRow, t: Transition): Promise<boolean> {
  const next = exec.stepCount + 1;
  return db().$transaction(async (tx) => {
    const done = await tx.workflowExecution.updateMany({
      where: {
        id: exec.id,
        stepCount: exec.stepCount,
        status: exec.status,
        ...(t.expectPending ? { pendingInputs: { equals: asJson(t.expectPending) } } : {}),
      },
      data: {
        status: toDb(t.status),
        currentNodeId: t.currentNodeId,
        vars: asJson(t.vars),
        ...(t.system ? { system: asJson(t.system) } : {}),
        ...(t.lastUserInput !== undefined ? { lastUserInput: t.lastUserInput } : {}),
        ...(t.pendingInputs ? { pendingInputs: asJson(t.pendingInputs) } : {}),
        ...agentStateData(t.agentState),
        // A wait's timer is this column (see timer-mutations.ts); every other transition disarms it.
        waitingUntil: t.status === "waiting" ? (t.waitingUntil ?? null) : null,
        ...(t.error !== undefined ? { error: t.error === null ? undefined : asJson(t.error) } : {}),
        stepCount: next,
        updatedAt: new Date(),
        ...(t.status === "ended" || t.status === "failed" ? { endedAt: new Date() } : {}),
      },
    });
    if (done.count !== 1) return false;
    await recordEvents(tx, exec, next, t.events);
    if (t.advanceAfterSeconds) await requestAdvance(tx, exec.id, t.advanceAfterSeconds);
    if (t.projectEvent)
      await emit(tx, exec.projectId, "project.event", {
        eventId: randomUUID(),
        ...t.projectEvent,
        ...(exec.conversationId ? { conversationId: exec.conversationId } : {}),
        source: { workflow_id: exec.workflowId, workflow_execution_id: exec.id },
      });
    await afterStatus(tx, exec, t.status, { reason: t.handoffReason, error: t.failure, vars: t.vars });
    return true;
  });
}

/** Domain events for a new status, and a finished child's return to its caller. */
export async function afterStatus(
  tx: Tx,
  exec: ExecRow,
  status: ExecutionStatus,
  info: { reason?: string | null; error?: string; vars: Json },
) {
  if (status === "ended") await emit(tx, exec.projectId, "workflow.execution.ended", domainRef(exec));
  if (status === "waiting" && exec.status !== "WAITING")
    await emit(tx, exec.projectId, "workflow.execution.waiting", domainRef(exec));
  if (status === "failed")
    await emit(tx, exec.projectId, "workflow.execution.failed", {
      ...domainRef(exec),
      ...(info.error ? { error: info.error.slice(0, 500) } : {}),
    });
  if (status === "handoff")
    await emit(tx, exec.projectId, "workflow.execution.handoff", {
      ...domainRef(exec),
      ...(info.reason ? { reason: info.reason.slice(0, 500) } : {}),
    });
  if (exec.parentExecutionId && (status === "ended" || status === "failed" || status === "handoff"))
    await returnToCaller(tx, exec, status, info);
}

/** A called workflow finished: its variables merge back (or its error is saved) and the caller goes on. */
async function returnToCaller(
  tx: Tx,
  child: ExecRow,
  status: ExecutionStatus,
  info: { error?: string; vars: Json; reason?: string | null },
) {
  const [parent] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "WorkflowExecution" WHERE id = ${child.parentExecutionId} FOR UPDATE`;
  if (!parent) return;
  const p = (await tx.workflowExecution.findUniqueOrThrow({
    where: { id: parent.id },
    select: EXECUTION_SELECT,
  })) as ExecRow;
  if (p.status !== "WAITING" || p.stepCount !== child.parentStepCount) return;
  const def = await definitionOf(p.workflowVersionId, tx);
  const node = nodeById(def, p.currentNodeId);
  const saveErrorTo = String((node?.data.config as Json | undefined)?.save_error_to || "subworkflow_error");
  if (status === "handoff") {
    // A person took over inside the called workflow: the whole conversation is theirs.
    await moveParked(tx, p, {
      status: "handoff",
      currentNodeId: p.currentNodeId,
      vars: obj(p.vars),
      events: [
        {
          type: "workflow_returned",
          nodeId: p.currentNodeId,
          nodeType: "call",
          payload: { execution_id: child.id, status },
        },
      ],
    });
    await emit(tx, p.projectId, "workflow.execution.handoff", {
      ...domainRef(p),
      ...(info.reason ? { reason: info.reason.slice(0, 500) } : {}),
    });
    return;
  }
  const vars =
    status === "ended"
      ? { ...obj(p.vars), ...info.vars }
      : {
          ...obj(p.vars),
          [saveErrorTo]: {
            error: info.error ?? "failed",
            workflow_id: child.workflowId,
            workflow_name: obj(child.system).flow_name ?? null,
            call_stack: jsonList(child.callStack),
          },
        };
  const target = p.currentNodeId ? nextNodeId(def, p.currentNodeId) : null;
  await moveParked(tx, p, {
    status: target ? "running" : "ended",
    currentNodeId: target,
    vars,
    system: { ...obj(p.system), calling: null },
    events: [
      {
        type: "workflow_returned",
        nodeId: p.currentNodeId,
        nodeType: "call",
        payload: { execution_id: child.id, status, ...(info.error ? { error: info.error } : {}) },
        vars,
      },
      ...(target ? [] : [{ type: "execution_ended" as const, payload: { reason: "no_next_step" } }]),
    ],
  });
  if (target) await requestAdvance(tx, p.id);
  else await afterStatus(tx, p, "ended", { vars });
}

/** Moves a parked (waiting or handed-off) execution whose row the caller has locked. */
export async function moveParked(tx: Tx, exec: ExecRow, t: Transition) {
  const next = exec.stepCount + 1;
  await tx.workflowExecution.update({
    where: { id: exec.id },
    data: {
      status: toDb(t.status),
      currentNodeId: t.currentNodeId,
      vars: asJson(t.vars),
      ...(t.system ? { system: asJson(t.system) } : {}),
      ...(t.lastUserInput !== undefined ? { lastUserInput: t.lastUserInput } : {}),
      ...(t.pendingInputs ? { pendingInputs: asJson(t.pendingInputs) } : {}),
      ...agentStateData(t.agentState),
      waitingUntil: null,
      stepCount: next,
      updatedAt: new Date(),
      ...(t.status === "ended" || t.status === "failed" ? { endedAt: new Date() } : {}),
    },
  });
  await recordEvents(tx, exec, next, t.events);
}

/** A call step: the child starts (or the call fails into the error variable at once). */
export async function startCall(
  exec: ExecRow,
  node: { id: string },
  call: { workflowId: string; saveErrorTo: string },
  def: WorkflowDefinition,
): Promise<boolean> {
  const stack = jsonList(exec.callStack).map(String);
  const refuse = (error: string) => {
    const vars = {
      ...obj(exec.vars),
      [call.saveErrorTo]: { error, workflow_id: call.workflowId, workflow_name: null, call_stack: stack },
    };
    const target = nextNodeId(def, node.id);
    return commitTransition(exec, {
      status: target ? "running" : "ended",
      currentNodeId: target,
      vars,
      events: [
        {
          type: "step_failed",
          nodeId: node.id,
          nodeType: "call",
          payload: { error, workflow_id: call.workflowId, continued: true },
          vars,
        },
        ...(target ? [] : [{ type: "execution_ended" as const, payload: { reason: "no_next_step" } }]),
      ],
    });
  };
  if (stack.includes(call.workflowId))
    return refuse(`Call cycle: ${[...stack, call.workflowId].join(" → ")} calls a workflow already running`);
  if (exec.callDepth + 1 > MAX_CALL_DEPTH) return refuse(`Calls nest deeper than ${MAX_CALL_DEPTH}`);
  const next = exec.stepCount + 1;
  return db().$transaction(async (tx) => {
    const moved = await tx.workflowExecution.updateMany({
      where: { id: exec.id, stepCount: exec.stepCount, status: "RUNNING" },
      data: { status: "WAITING", stepCount: next, updatedAt: new Date() },
    });
    if (moved.count !== 1) return false;
    const child = await startExecution(tx, {
      projectId: exec.projectId,
      workflowId: call.workflowId,
      triggerType: "call",
      conversationId: exec.conversationId,
      phoneNumberId: exec.phoneNumberId,
      contactPhone: exec.contactPhone,
      vars: obj(exec.vars),
      context: obj(exec.context),
      metadata: obj(exec.metadata),
      lastUserInput: exec.lastUserInput,
      observer: exec.observer,
      parent: { id: exec.id, stepCount: next, callDepth: exec.callDepth, callStack: stack },
    });
    if (!child) {
      // Not active: the call fails into its variable and the caller goes on.
      const vars = {
        ...obj(exec.vars),
        [call.saveErrorTo]: {
          error: "The called workflow is not active",
          workflow_id: call.workflowId,
          workflow_name: null,
          call_stack: stack,
        },
      };
      const target = nextNodeId(def, node.id);
      await tx.workflowExecution.update({
        where: { id: exec.id },
        data: {
          status: target ? "RUNNING" : "ENDED",
          currentNodeId: target,
          vars: asJson(vars),
          stepCount: next + 1,
          ...(target ? {} : { endedAt: new Date() }),
        },
      });
      await recordEvents(tx, exec, next + 1, [
        {
          type: "step_failed",
          nodeId: node.id,
          nodeType: "call",
          payload: { error: "The called workflow is not active", continued: true },
          vars,
        },
      ]);
      if (target) await requestAdvance(tx, exec.id);
      else await afterStatus(tx, exec, "ended", { vars });
      return true;
    }
    await tx.workflowExecution.update({
      where: { id: exec.id },
      data: { system: asJson({ ...obj(exec.system), calling: child.id }) },
    });
    await recordEvents(tx, exec, next, [
      {
        type: "workflow_called",
        nodeId: node.id,
        nodeType: "call",
        payload: { workflow_id: call.workflowId, execution_id: child.id, depth: exec.callDepth + 1 },
      },
    ]);
    return true;
  });
}

/** Executions left RUNNING with no runner (a worker killed mid-step): their runner is queued again. */
export async function requeueStale(olderThanMs: number): Promise<number> {
  const rows = await db().workflowExecution.findMany({
    where: { status: "RUNNING", updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
    take: 1000,
  });
  for (const r of rows) await enqueue(advanceJob, { executionId: r.id }, {});
  return rows.length;
}

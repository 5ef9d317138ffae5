import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { enqueue } from "@/lib/jobs/enqueue";
import { asDefinition } from "../data";
import type { WorkflowDefinition } from "../definition";
import type { UserInput } from "../steps/execute";
import { MAX_CALL_DEPTH } from "../steps/limits";
import { STEPS } from "../steps/registry";
import { nextNodeId, nodeById, startNode } from "./graph";
import { advanceJob } from "./jobs";
import {
  canTransition,
  type DbExecutionStatus,
  type ExecutionEventType,
  type ExecutionStatus,
  fromDb,
  toDb,
} from "./status";

// The engine's writes. Every step transition is one committed UPDATE of the execution row fenced on
// its stepCount (a second runner that loaded the same state finds its update refused and reloads), with
// the step's events in the same transaction, so what the log says happened is what the row says.

type Tx = Prisma.TransactionClient;
type Json = Record<string, unknown>;

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
const list = (v: Prisma.JsonValue | undefined): unknown[] => (Array.isArray(v) ? v : []);
const json = (v: unknown) => v as Prisma.InputJsonValue;

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
      payload: json(e.payload ?? {}),
      vars: e.vars === undefined || e.vars === null ? undefined : json(e.vars),
    })),
  });
}

const agentStateData = (v: Json | null | undefined) =>
  v === undefined ? {} : { agentState: v === null ? Prisma.DbNull : json(v) };

/** Wakes the runner for an execution (inside `tx`: only if it commits). */
export function requestAdvance(tx: Tx, executionId: string, delaySeconds?: number) {
  return enqueue(advanceJob, { executionId }, delaySeconds ? { startAfter: delaySeconds } : {}, tx);
}

const domainRef = (e: Pick<ExecRow, "workflowId" | "id" | "conversationId" | "phoneNumberId">) => ({
  workflowId: e.workflowId,
  executionId: e.id,
  ...(e.conversationId ? { conversationId: e.conversationId } : {}),
  ...(e.phoneNumberId ? { phoneNumberId: e.phoneNumberId } : {}),
});

// ---- starting ----------------------------------------------------------------------------------

export interface StartInput {
  projectId: string;
  workflowId: string;
  triggerType: "inbound_message" | "whatsapp_event" | "api_call" | "call";
  conversationId?: string | null;
  /** Our PhoneNumber id. */
  phoneNumberId?: string | null;
  contactPhone?: string | null;
  vars?: Json;
  context?: Json;
  metadata?: Json;
  system?: Json;
  lastUserInput?: string | null;
  observer?: boolean;
  apiKeyId?: string | null;
  parent?: { id: string; stepCount: number; callDepth: number; callStack: string[] };
}

/**
 * Starts an execution of the workflow's published version, or returns null when it has none (not
 * active). The runner is queued in the same transaction.
 */
export async function startExecution(
  tx: Tx,
  input: StartInput,
): Promise<{ id: string; trackingId: string } | null> {
  const wf = await tx.workflow.findFirst({
    where: { id: input.workflowId, projectId: input.projectId, status: "ACTIVE" },
    select: { name: true, publishedVersion: { select: { id: true, version: true } } },
  });
  if (!wf?.publishedVersion) return null;
  const def = await definitionOf(wf.publishedVersion.id, tx);
  const start = startNode(def);
  const number = input.phoneNumberId
    ? await tx.phoneNumber.findFirst({
        where: { id: input.phoneNumberId, projectId: input.projectId },
        select: { id: true, kind: true, phoneNumberId: true, displayPhoneNumber: true, wabaId: true },
      })
    : null;
  const conversation = input.conversationId
    ? await tx.conversation.findFirst({
        where: { id: input.conversationId, projectId: input.projectId },
        select: { id: true, contact: { select: { waId: true, profileName: true, bsuid: true } } },
      })
    : null;
  const id = randomUUID();
  const trackingId = randomUUID();
  const now = new Date();
  const contactPhone =
    input.contactPhone ?? conversation?.contact.waId ?? conversation?.contact.bsuid ?? null;
  // Sandbox numbers run with the development values of ${ENV:…}, live numbers with production ones.
  const environment = number?.kind === "SANDBOX" ? "development" : "production";
  const observer = !!input.observer;
  const system: Json = {
    trigger_type: input.triggerType === "call" ? "call" : input.triggerType,
    workflow_id: input.workflowId,
    flow_name: wf.name,
    started_at: now.toISOString(),
    tracking_id: trackingId,
    execution_id: id,
    observer_mode: observer,
    allow_outbound: !observer,
    ...(number
      ? {
          whatsapp_config: {
            id: number.id,
            phone_number_id: number.phoneNumberId,
            display_phone_number: number.displayPhoneNumber,
            display_phone_number_normalized: number.displayPhoneNumber.replace(/\D/g, ""),
            business_account_id: number.wabaId,
          },
          trigger_whatsapp_config_id: number.id,
        }
      : {}),
    ...(input.apiKeyId ? { api_key_id: input.apiKeyId } : {}),
    ...input.system,
  };
  const context: Json = {
    channel: input.triggerType === "api_call" && !conversation ? "api" : "whatsapp",
    ...(contactPhone ? { phone_number: contactPhone } : {}),
    ...(conversation ? { conversation_id: conversation.id } : {}),
    ...(conversation
      ? { contact: { wa_id: conversation.contact.waId, profile_name: conversation.contact.profileName } }
      : {}),
    ...input.context,
  };
  const callStack = [...(input.parent?.callStack ?? []), input.workflowId];
  await tx.workflowExecution.create({
    data: {
      id,
      trackingId,
      projectId: input.projectId,
      workflowId: input.workflowId,
      workflowVersionId: wf.publishedVersion.id,
      version: wf.publishedVersion.version,
      status: "RUNNING",
      triggerType: input.triggerType,
      environment,
      observer,
      conversationId: conversation?.id ?? null,
      phoneNumberId: number?.id ?? null,
      contactPhone,
      parentExecutionId: input.parent?.id ?? null,
      parentStepCount: input.parent?.stepCount ?? null,
      callDepth: input.parent ? input.parent.callDepth + 1 : 0,
      callStack: json(callStack),
      vars: json(input.vars ?? {}),
      context: json(context),
      system: json(system),
      metadata: json(input.metadata ?? {}),
      lastUserInput: input.lastUserInput ?? null,
      currentNodeId: start?.id ?? null,
      startedAt: now,
      updatedAt: now,
    },
  });
  await recordEvents(tx, { id, projectId: input.projectId }, 0, [
    {
      type: "execution_started",
      nodeId: start?.id ?? null,
      nodeType: "start",
      payload: {
        trigger_type: input.triggerType,
        version: wf.publishedVersion.version,
        ...(input.lastUserInput ? { last_user_input: input.lastUserInput } : {}),
      },
      vars: input.vars ?? {},
    },
  ]);
  await emit(tx, input.projectId, "workflow.execution.started", {
    workflowId: input.workflowId,
    executionId: id,
    ...(conversation ? { conversationId: conversation.id } : {}),
    ...(number ? { phoneNumberId: number.id } : {}),
  });
  await requestAdvance(tx, id);
  return { id, trackingId };
}

// ---- step transitions (the runner) ---------------------------------------------------------------

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
        ...(t.expectPending ? { pendingInputs: { equals: json(t.expectPending) } } : {}),
      },
      data: {
        status: toDb(t.status),
        currentNodeId: t.currentNodeId,
        vars: json(t.vars),
        ...(t.system ? { system: json(t.system) } : {}),
        ...(t.lastUserInput !== undefined ? { lastUserInput: t.lastUserInput } : {}),
        ...(t.pendingInputs ? { pendingInputs: json(t.pendingInputs) } : {}),
        ...agentStateData(t.agentState),
        // A wait's timer is this column (see timer-mutations.ts); every other transition disarms it.
        waitingUntil: t.status === "waiting" ? (t.waitingUntil ?? null) : null,
        ...(t.error !== undefined ? { error: t.error === null ? undefined : json(t.error) } : {}),
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
async function afterStatus(
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
            call_stack: list(child.callStack),
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
async function moveParked(tx: Tx, exec: ExecRow, t: Transition) {
  const next = exec.stepCount + 1;
  await tx.workflowExecution.update({
    where: { id: exec.id },
    data: {
      status: toDb(t.status),
      currentNodeId: t.currentNodeId,
      vars: json(t.vars),
      ...(t.system ? { system: json(t.system) } : {}),
      ...(t.lastUserInput !== undefined ? { lastUserInput: t.lastUserInput } : {}),
      ...(t.pendingInputs ? { pendingInputs: json(t.pendingInputs) } : {}),
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
  const stack = list(exec.callStack).map(String);
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
          vars: json(vars),
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
      data: { system: json({ ...obj(exec.system), calling: child.id }) },
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

// ---- parked executions: customer input, timeouts, operators -----------------------------------------

async function lockExecution(tx: Tx, id: string): Promise<ExecRow | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "WorkflowExecution" WHERE id = ${id} FOR UPDATE`;
  if (!row) return null;
  return (await tx.workflowExecution.findUniqueOrThrow({
    where: { id },
    select: EXECUTION_SELECT,
  })) as ExecRow;
}

/**
 * Resumes a waiting execution at its wait: the step's `resume` picks the output, the variables it names
 * are saved, and the runner is queued. False when it is not waiting at a step (a call in progress).
 */
async function resumeAtWait(
  tx: Tx,
  exec: ExecRow,
  reason: "user_input" | "timeout",
  input: UserInput | null,
  extraEvents: EventInput[] = [],
): Promise<boolean> {
  const def = await definitionOf(exec.workflowVersionId, tx);
  const node = nodeById(def, exec.currentNodeId);
  const spec = node ? STEPS[node.data.node_type] : undefined;
  if (!node || !spec?.resume) return false;
  const r = spec.resume(node.data.config as Json, { reason, input });
  const vars = { ...obj(exec.vars), ...(r.setVars ?? {}) };
  const target = r.stay ? node.id : nextNodeId(def, node.id, r.output);
  await moveParked(tx, exec, {
    status: target ? "running" : "ended",
    currentNodeId: target,
    vars,
    system: { ...obj(exec.system), last_resume: { reason, at: new Date().toISOString() } },
    ...(input ? { lastUserInput: input.text } : {}),
    events: [
      ...extraEvents,
      { type: "execution_resumed", nodeId: node.id, nodeType: node.data.node_type, payload: { reason } },
      ...(r.setVars
        ? [
            {
              type: "variables_set" as const,
              nodeId: node.id,
              nodeType: node.data.node_type,
              payload: { names: Object.keys(r.setVars) },
              vars,
            },
          ]
        : []),
      {
        type: "step_completed",
        nodeId: node.id,
        nodeType: node.data.node_type,
        payload: { output: r.output, resume_reason: reason },
        vars,
      },
      ...(target ? [] : [{ type: "execution_ended" as const, payload: { reason: "no_next_step" } }]),
    ],
  });
  if (target) await requestAdvance(tx, exec.id);
  else await afterStatus(tx, exec, "ended", { vars });
  return true;
}

/** A wait's timer fired (its row locked by the caller): resumes it by its timeout output. */
export function resumeTimedOut(tx: Tx, exec: ExecRow): Promise<boolean> {
  return resumeAtWait(tx, exec, "timeout", null);
}

/** The execution a customer's messages go to in this conversation (the innermost running call). */
export async function liveExecutionFor(tx: Tx, conversationId: string): Promise<ExecRow | null> {
  const root = (await tx.workflowExecution.findFirst({
    where: {
      conversationId,
      status: { in: ["RUNNING", "WAITING", "HANDOFF"] },
      observer: false,
      parentExecutionId: null,
    },
    select: EXECUTION_SELECT,
  })) as ExecRow | null;
  if (!root || root.status === "HANDOFF") return root;
  let current = root;
  for (let depth = 0; depth < MAX_CALL_DEPTH + 1; depth++) {
    const child = (await tx.workflowExecution.findFirst({
      where: { parentExecutionId: current.id, status: { in: ["RUNNING", "WAITING"] } },
      select: EXECUTION_SELECT,
    })) as ExecRow | null;
    if (!child) break;
    current = child;
  }
  return current;
}

/**
 * A customer's message reached an execution: a waiting one resumes at its wait; a running one keeps it
 * for its next wait (at most 20 kept). Returns what happened, for the caller's log.
 */
export async function deliverUserInput(
  tx: Tx,
  executionId: string,
  input: UserInput,
): Promise<"resumed" | "queued" | "ignored"> {
  const exec = await lockExecution(tx, executionId);
  if (!exec) return "ignored";
  const received: EventInput = {
    type: "user_input_received",
    nodeId: exec.currentNodeId,
    payload: { text: input.text, type: input.type ?? "text", message_id: input.messageId ?? null },
  };
  if (exec.status === "WAITING" && (await resumeAtWait(tx, exec, "user_input", input, [received])))
    return "resumed";
  if (exec.status === "RUNNING" || exec.status === "WAITING") {
    const pending = [...list(exec.pendingInputs), input].slice(-20);
    await tx.workflowExecution.update({
      where: { id: exec.id },
      data: { pendingInputs: json(pending), lastUserInput: input.text },
    });
    await recordEvents(tx, exec, exec.stepCount, [received]);
    return "queued";
  }
  return "ignored";
}

/** Kapso's manual status change (PATCH): ended, handoff or waiting; anything else or a refused move is 422. */
export async function changeExecutionStatus(
  projectId: ProjectId,
  executionId: string,
  status: ExecutionStatus,
  actor: { userId?: string | null; apiKeyId?: string | null },
): Promise<void> {
  if (!["ended", "handoff", "waiting"].includes(status))
    throw new AppError("validation", "status: must be ended, handoff or waiting", {
      fields: { status: "Must be ended, handoff or waiting" },
    });
  await db().$transaction(async (tx) => {
    const exec = await lockExecution(tx, executionId);
    if (!exec || exec.projectId !== projectId) throw new AppError("not_found", "Execution not found.");
    const from = fromDb(exec.status);
    if (from === status) return;
    if (!canTransition(from, status))
      throw new AppError("validation", `status: an execution that is ${from} cannot become ${status}`, {
        fields: { status: `Cannot change from ${from} to ${status}` },
      });
    await moveParked(tx, exec, {
      status,
      currentNodeId: exec.currentNodeId,
      vars: obj(exec.vars),
      events: [
        {
          type: "status_changed",
          nodeId: exec.currentNodeId,
          payload: {
            from,
            to: status,
            by: actor.userId ? { user_id: actor.userId } : { api_key_id: actor.apiKeyId ?? null },
          },
        },
        ...(status === "ended" ? [{ type: "execution_ended" as const, payload: { reason: "stopped" } }] : []),
      ],
    });
    await afterStatus(tx, exec, status, { vars: obj(exec.vars), reason: "Changed by an operator" });
    // Children of an ended or handed-off execution stop with it.
    if (status !== "waiting")
      await tx.workflowExecution.updateMany({
        where: { parentExecutionId: exec.id, status: { in: ["RUNNING", "WAITING"] } },
        data: { status: "ENDED", endedAt: new Date(), stepCount: { increment: 1 } },
      });
  });
}

/**
 * Kapso's resume: a waiting execution goes on from its wait as if the customer had answered (with
 * `input`, or empty); a handed-off one goes back to waiting at its step (Kapso's "Resume from handoff").
 */
export async function resumeExecution(
  projectId: ProjectId,
  executionId: string,
  input: { text?: string; vars?: Json },
): Promise<void> {
  await db().$transaction(async (tx) => {
    const exec = await lockExecution(tx, executionId);
    if (!exec || exec.projectId !== projectId) throw new AppError("not_found", "Execution not found.");
    if (input.vars && Object.keys(input.vars).length) {
      exec.vars = { ...obj(exec.vars), ...input.vars } as Prisma.JsonValue;
      await tx.workflowExecution.update({ where: { id: exec.id }, data: { vars: json(exec.vars) } });
    }
    if (exec.status === "HANDOFF") {
      await moveParked(tx, exec, {
        status: "waiting",
        currentNodeId: exec.currentNodeId,
        vars: obj(exec.vars),
        events: [
          { type: "status_changed", nodeId: exec.currentNodeId, payload: { from: "handoff", to: "waiting" } },
        ],
      });
      await afterStatus(tx, exec, "waiting", { vars: obj(exec.vars) });
      return;
    }
    if (exec.status !== "WAITING")
      throw new AppError(
        "validation",
        `status: only a waiting or handed-off execution can be resumed (this one is ${fromDb(exec.status)})`,
        {
          fields: { status: "Not waiting" },
        },
      );
    const ok = await resumeAtWait(tx, exec, "user_input", { text: input.text ?? "", type: "api" });
    if (!ok) {
      // Waiting somewhere that is not a wait step (set by hand, or a call): go on from that step.
      await moveParked(tx, exec, {
        status: "running",
        currentNodeId: exec.currentNodeId,
        vars: obj(exec.vars),
        events: [{ type: "execution_resumed", nodeId: exec.currentNodeId, payload: { reason: "api" } }],
      });
      await requestAdvance(tx, exec.id);
    }
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

/** The customer messages queued for a running execution, as stored now. */
export async function pendingInputsOf(id: string): Promise<unknown[]> {
  const row = await db().workflowExecution.findUnique({ where: { id }, select: { pendingInputs: true } });
  return list(row?.pendingInputs);
}

export async function loadExecution(id: string): Promise<ExecRow | null> {
  return (await db().workflowExecution.findUnique({
    where: { id },
    select: EXECUTION_SELECT,
  })) as ExecRow | null;
}

export { list as jsonList };

/**
 * An execution started without a conversation (API trigger) that has just sent to the customer owns
 * that conversation from now on, so their replies come back to it, unless another execution holds it.
 */
export async function linkConversation(executionId: string, conversationId: string): Promise<boolean> {
  try {
    const r = await db().workflowExecution.updateMany({
      where: { id: executionId, conversationId: null, observer: false },
      data: { conversationId },
    });
    return r.count === 1;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false;
    throw e;
  }
}

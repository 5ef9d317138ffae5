import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { UserInput } from "../steps/execute";
import { MAX_CALL_DEPTH } from "../steps/limits";
import { STEPS } from "../steps/registry";
import {
  asJson,
  definitionOf,
  type EventInput,
  EXECUTION_SELECT,
  type ExecRow,
  type Json,
  jsonList,
  lockExecution,
  obj,
  recordEvents,
  requestAdvance,
  type Tx,
} from "./execution-store";
import { nextNodeId, nodeById } from "./graph";
import { canTransition, type ExecutionStatus, fromDb } from "./status";
import { afterStatus, moveParked } from "./transition-mutations";

// Executions parked at a wait or handed off, moved by someone other than the runner: the customer's
// next message, a wait's timeout, an operator's status change or resume. Each locks the row first.

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
    const pending = [...jsonList(exec.pendingInputs), input].slice(-20);
    await tx.workflowExecution.update({
      where: { id: exec.id },
      data: { pendingInputs: asJson(pending), lastUserInput: input.text },
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
      await tx.workflowExecution.update({ where: { id: exec.id }, data: { vars: asJson(exec.vars) } });
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

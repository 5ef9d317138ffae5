import "@/lib/server-only";
import { trustedProjectId } from "@/lib/auth/project-id";
import { EgressError, egressFetch } from "@/lib/egress/fetch";
import { AppError } from "@/lib/errors";
import { runDecideFunction, runFunctionStep } from "@/lib/js-sandbox";
import { markSendInterrupted, messageByIdempotencyKey } from "@/lib/messages/mutations";
import { sendMessage } from "@/lib/messages/send";
import { GraphError } from "@/lib/meta/client";
import { decideWithModel } from "@/lib/models";
import { type NumberWithSecrets, numberByMetaId, projectNumber } from "@/lib/numbers/credentials";
import type { WorkflowDefinition } from "../definition";
import type { Environment } from "../env";
import { executionEnv } from "../env-variables";
import type { ExecuteContext, SendOutcome, SendRequest, StepOutcome } from "../steps/execute";
import { STEPS } from "../steps/registry";
import { completedVisits, defaultNumberId, templateFor } from "./execution-data";
import {
  commitTransition,
  definitionOf,
  type EventInput,
  type ExecRow,
  jsonList,
  linkConversation,
  loadExecution,
  obj,
  startCall,
  type Transition,
} from "./execution-mutations";
import { nextNodeId, nodeById } from "./graph";
import { redactor, render, renderDeep, type TemplateScope } from "./template";

// The runner: advances one execution step by step while it is RUNNING. Each step's side effect (a
// send) happens before its transition commits, and carries the idempotency key `wf:<execution>:<step>:<visit>`,
// so a runner killed between the two runs the step again after the restart and finds the message
// instead of sending it twice. A step whose send died half-way (no answer recorded) is not sent again:
// sends are at most once.

/** Steps one job run takes before it hands over to a fresh job (a loop without waits cannot hog a worker). */
const STEPS_PER_RUN = 500;

/** How long a send without WhatsApp's answer may be in flight before a re-run calls it interrupted. */
const IN_FLIGHT_GRACE_MS = 15_000;

/** Errors worth retrying the whole step for (nothing was sent): the job retries with backoff. */
export class RetryableStepError extends Error {}

interface RunState {
  exec: ExecRow;
  def: WorkflowDefinition;
  env: Record<string, string>;
  redact: <T>(v: T) => T;
}

// One runner per execution per process: a second request while one runs only asks it to look again.
const active = new Map<string, { again: boolean }>();

/** Runs an execution until it waits, ends, fails or is handed off. Returns the number of steps taken. */
export async function advanceExecution(executionId: string): Promise<number> {
  const mine = active.get(executionId);
  if (mine) {
    mine.again = true;
    return 0;
  }
  const flag = { again: false };
  active.set(executionId, flag);
  try {
    let total = 0;
    do {
      flag.again = false;
      total += await run(executionId);
    } while (flag.again);
    return total;
  } finally {
    active.delete(executionId);
  }
}

async function run(executionId: string): Promise<number> {
  let exec = await loadExecution(executionId);
  if (exec?.status !== "RUNNING") return 0;
  const { env, secrets } = await executionEnv(
    trustedProjectId(exec.projectId),
    exec.workflowId,
    exec.environment as Environment,
  );
  const state: RunState = {
    exec,
    def: await definitionOf(exec.workflowVersionId),
    env,
    redact: redactor(secrets),
  };
  let steps = 0;
  while (steps < STEPS_PER_RUN) {
    exec = state.exec;
    if (exec.status !== "RUNNING") return steps;
    const ok = await step(state);
    steps++;
    if (!ok) {
      // Someone else moved it (another runner, an operator, a customer's message): start from what is stored.
      const fresh = await loadExecution(executionId);
      if (fresh?.status !== "RUNNING") return steps;
      state.exec = fresh;
    }
  }
  // Long run without a wait: let other work in, then go on.
  const { requestAdvanceNow } = await import("./jobs");
  await requestAdvanceNow(executionId);
  return steps;
}

function scopeOf(exec: ExecRow): TemplateScope {
  return {
    vars: obj(exec.vars),
    context: obj(exec.context),
    system: obj(exec.system),
    metadata: obj(exec.metadata),
    lastUserInput: exec.lastUserInput,
  };
}

/** One step: execute it, then commit its transition. False when the commit lost the race. */
async function step(state: RunState): Promise<boolean> {
  const { exec, def, redact } = state;
  const node = nodeById(def, exec.currentNodeId);
  const vars = obj(exec.vars);
  const fail = (error: string, nodeId: string | null, nodeType: string | null, input?: unknown) =>
    commitTransition(exec, {
      status: "failed",
      currentNodeId: exec.currentNodeId,
      vars,
      error: redact({ message: error, node_id: nodeId, node_type: nodeType, input: input ?? null }),
      failure: redact(error),
      events: [
        {
          type: "step_failed",
          nodeId,
          nodeType,
          payload: redact({ error, input: input ?? null }),
          vars: redact(vars),
        },
        { type: "execution_failed", nodeId, nodeType, payload: redact({ error }) },
      ],
    }).then(track(state, "failed"));
  if (!node)
    return fail(
      `Step ${exec.currentNodeId ?? "(none)"} is not in version ${exec.version}`,
      exec.currentNodeId,
      null,
    );
  const kind = node.data.node_type;
  const spec = STEPS[kind];
  const config = node.data.config as Record<string, unknown>;
  if (!spec.execute)
    return fail(
      `${spec.label} steps are not run by this version of the engine`,
      node.id,
      kind,
      redact(config),
    );

  const scope = scopeOf(exec);
  const ctx: ExecuteContext = {
    nodeId: node.id,
    render: (t) => render(t, scope, state.env),
    renderDeep: (v) => renderDeep(v, scope, state.env),
    vars,
    observer: exec.observer,
    send: (req) => send(exec, req),
    template: (id) => templateFor(exec.projectId, id),
    decideByModel: async (input) => {
      const r = await decideWithModel({
        projectId: trustedProjectId(exec.projectId),
        providerId: input.providerId ?? null,
        model: input.model ?? null,
        conditions: input.conditions,
        context: {
          last_user_input: exec.lastUserInput ?? "",
          vars: redact(vars),
        },
        temperature: input.temperature,
        maxTokens: input.maxTokens,
      });
      return {
        label: r.label,
        fallback: r.fallback,
        reason: r.reason,
        error: r.error ? redact(r.error) : undefined,
      };
    },
    runFunction: async (code, mode) => {
      const request = {
        vars,
        context: scope.context,
        system: scope.system,
        metadata: scope.metadata,
        last_user_input: exec.lastUserInput,
        flow_info: { id: exec.workflowId, name: String(scope.system.flow_name ?? ""), step_id: node.id },
      };
      const opts = { env: state.env, timeoutMs: 2000 };
      const logs = (l: string[]) => l.map((x) => redact(x));
      if (mode.kind === "decide") {
        const r = await runDecideFunction(code, request, mode.labels, opts);
        return r.ok
          ? { ok: true, vars: r.vars, label: r.label, logs: logs(r.logs) }
          : { ok: false, error: redact(`${r.error.kind}: ${r.error.message}`), logs: logs(r.logs) };
      }
      const r = await runFunctionStep(code, request, opts);
      return r.ok
        ? { ok: true, vars: r.vars, value: r.value, logs: logs(r.logs) }
        : { ok: false, error: redact(`${r.error.kind}: ${r.error.message}`), logs: logs(r.logs) };
    },
    http: async (req) => {
      try {
        const res = await egressFetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          timeoutMs: 15_000,
          maxResponseBytes: 256 * 1024,
          truncate: true,
        });
        const text = res.text();
        let body: unknown = text;
        if ((res.headers.get("content-type") ?? "").includes("json")) {
          try {
            body = JSON.parse(text);
          } catch {}
        }
        return { status: res.status, body, truncated: res.truncated };
      } catch (e) {
        if (e instanceof EgressError)
          throw new AppError("unavailable", redact(`HTTP request (${e.code}): ${e.message}`));
        throw e;
      }
    },
  };
  let outcome: StepOutcome;
  try {
    outcome = await spec.execute(config, ctx);
  } catch (e) {
    if (e instanceof RetryableStepError) throw e;
    const message =
      e instanceof AppError || e instanceof GraphError
        ? e.message
        : `Unexpected error: ${(e as Error).message}`;
    if (!(e instanceof AppError || e instanceof GraphError))
      console.error(`[workflows] step ${node.id} of ${exec.id}:`, redact((e as Error).stack ?? message));
    return fail(message, node.id, kind, renderDeep(config, scope, {}));
  }
  if (outcome.kind === "fail")
    return fail(outcome.error, node.id, kind, { config: renderDeep(config, scope, {}), ...outcome.detail });

  const entered: EventInput = { type: "step_entered", nodeId: node.id, nodeType: kind };
  if (outcome.kind === "call") {
    // The caller parks (or, when the call is refused, goes on with the error saved): reload either way.
    await startCall(exec, node, outcome, def);
    return false;
  }

  if (outcome.kind === "handoff") {
    const t: Transition = {
      status: "handoff",
      currentNodeId: node.id,
      vars,
      handoffReason: outcome.reason,
      events: [
        entered,
        {
          type: "step_completed",
          nodeId: node.id,
          nodeType: kind,
          payload: redact({ reason: outcome.reason }),
          vars: redact(vars),
        },
        {
          type: "execution_handoff",
          nodeId: node.id,
          nodeType: kind,
          payload: redact({ reason: outcome.reason }),
        },
      ],
    };
    return commitTransition(exec, t).then(track(state, "handoff"));
  }

  const detailEvents: EventInput[] =
    outcome.detail && Object.keys(outcome.detail).length
      ? [{ type: "action_performed", nodeId: node.id, nodeType: kind, payload: redact(outcome.detail) }]
      : [];

  if (outcome.kind === "wait") {
    const pending = jsonList(exec.pendingInputs);
    const first = pending[0] as { text: string } | undefined;
    if (first && spec.resume) {
      // The customer already wrote while the run was busy: that message answers this wait.
      const r = spec.resume(config, { reason: "user_input", input: first });
      const after = { ...vars, ...(r.setVars ?? {}) };
      const target = nextNodeId(def, node.id, r.output);
      return commitTransition(exec, {
        status: target ? "running" : "ended",
        currentNodeId: target,
        vars: after,
        lastUserInput: first.text,
        pendingInputs: pending.slice(1),
        system: { ...obj(exec.system), last_resume: { reason: "user_input", at: new Date().toISOString() } },
        events: [
          entered,
          ...detailEvents,
          {
            type: "execution_resumed",
            nodeId: node.id,
            nodeType: kind,
            payload: { reason: "user_input", queued: true },
          },
          ...(r.setVars
            ? [
                {
                  type: "variables_set" as const,
                  nodeId: node.id,
                  nodeType: kind,
                  payload: { names: Object.keys(r.setVars) },
                  vars: redact(after),
                },
              ]
            : []),
          {
            type: "step_completed",
            nodeId: node.id,
            nodeType: kind,
            payload: { output: r.output },
            vars: redact(after),
          },
          ...(target ? [] : [{ type: "execution_ended" as const, payload: { reason: "no_next_step" } }]),
        ],
      }).then(track(state, target ? "running" : "ended", { currentNodeId: target, vars: after }));
    }
    const until = outcome.timeoutSeconds ? new Date(Date.now() + outcome.timeoutSeconds * 1000) : null;
    return commitTransition(exec, {
      status: "waiting",
      currentNodeId: node.id,
      vars,
      waitingUntil: until,
      events: [
        entered,
        ...detailEvents,
        {
          type: "execution_waiting",
          nodeId: node.id,
          nodeType: kind,
          payload: { timeout_seconds: outcome.timeoutSeconds, until: until?.toISOString() ?? null },
        },
      ],
    }).then(track(state, "waiting"));
  }

  // next
  const after = outcome.setVars ? { ...vars, ...outcome.setVars } : vars;
  const target = nextNodeId(def, node.id, outcome.output);
  const events: EventInput[] = [entered, ...detailEvents];
  if (kind === "decide")
    events.push({
      type: "decision_evaluated",
      nodeId: node.id,
      nodeType: kind,
      payload: { output: outcome.output ?? null },
    });
  if (outcome.setVars)
    events.push({
      type: "variables_set",
      nodeId: node.id,
      nodeType: kind,
      payload: { names: Object.keys(outcome.setVars) },
      vars: redact(after),
    });
  events.push({
    type: "step_completed",
    nodeId: node.id,
    nodeType: kind,
    payload: { output: outcome.output ?? null },
    vars: redact(after),
  });
  if (!target)
    events.push({
      type: "execution_ended",
      nodeId: node.id,
      nodeType: kind,
      payload: { reason: "no_next_step" },
    });
  return commitTransition(exec, {
    status: target ? "running" : "ended",
    currentNodeId: target,
    vars: after,
    events,
  }).then(track(state, target ? "running" : "ended", { currentNodeId: target, vars: after }));
}

/** After a committed transition the in-memory row follows it (no reload per step). */
function track(
  state: RunState,
  status: "running" | "waiting" | "handoff" | "ended" | "failed",
  fields: { currentNodeId?: string | null; vars?: Record<string, unknown> } = {},
) {
  return (ok: boolean) => {
    if (ok) {
      const e = state.exec;
      state.exec = {
        ...e,
        status: status.toUpperCase() as ExecRow["status"],
        stepCount: e.stepCount + 1,
        ...(fields.currentNodeId !== undefined ? { currentNodeId: fields.currentNodeId } : {}),
        ...(fields.vars ? { vars: fields.vars as ExecRow["vars"] } : {}),
      };
    }
    return ok;
  };
}

// ---- sending ------------------------------------------------------------------------------------

async function numberFor(exec: ExecRow, requested?: string): Promise<NumberWithSecrets> {
  const projectId = trustedProjectId(exec.projectId);
  if (requested) {
    const byOurs = await projectNumber(projectId, requested);
    if (byOurs) return byOurs;
    const byMeta = await numberByMetaId(requested);
    if (byMeta && byMeta.projectId === projectId) return byMeta;
    throw new AppError("validation", "WhatsApp number: that number is not (or no longer) in this project");
  }
  const id = exec.phoneNumberId ?? (await defaultNumberId(exec.projectId));
  const n = id ? await projectNumber(projectId, id) : null;
  if (!n) throw new AppError("validation", "WhatsApp number: this project has no number to send from");
  return n;
}

async function send(exec: ExecRow, req: SendRequest): Promise<SendOutcome> {
  const to = req.toPhoneNumber ?? (exec.observer ? null : exec.contactPhone);
  if (!to) {
    if (exec.observer)
      return {
        messageId: null,
        replayed: false,
        outcome: "skipped",
        skipped: "Observer mode: set a To phone number on the step to send",
      };
    throw new AppError("validation", "To: this execution has no customer phone number to send to");
  }
  // The key names the step's visit, not the row's counter: a step run again after its transition was
  // refused (a crash, or an operator who changed the status meanwhile) finds the message it sent.
  const key = `wf:${exec.id}:${exec.currentNodeId}:${await completedVisits(exec.id, exec.currentNodeId)}`;
  const replay = async (): Promise<SendOutcome | null> => {
    const found = await messageByIdempotencyKey(key);
    if (!found) return null;
    if (found.wamid) return { messageId: found.id, replayed: true, outcome: "sent" };
    if (found.status === "FAILED") {
      const err = (found.error ?? {}) as { title?: string; message?: string };
      // Interrupted before WhatsApp answered (the in-flight sweep): whether it arrived is unknown.
      if (err.title !== "No answer from WhatsApp")
        throw new AppError("unavailable", `WhatsApp refused the message: ${err.title ?? "failed"}`);
    }
    if (found.status === "PENDING") {
      // Still in flight in another runner, or left by a killed one: wait for an answer, then give up on it.
      if (Date.now() - found.createdAt.getTime() < IN_FLIGHT_GRACE_MS)
        throw new RetryableStepError("An earlier run of this step is still sending");
      await markSendInterrupted(found.id);
    }
    return { messageId: found.id, replayed: true, outcome: "unknown" };
  };
  const before = await replay();
  if (before) return before;
  const number = await numberFor(exec, req.phoneNumberId);
  try {
    const r = await sendMessage(number, { to, type: req.type, [req.type]: req.content }, "WORKFLOW", {
      refuseOutsideWindow: true,
      idempotencyKey: key,
    });
    if (!exec.conversationId && !exec.observer && (await linkConversation(exec.id, r.conversationId)))
      exec.conversationId = r.conversationId;
    return { messageId: r.messageId, replayed: false, outcome: "sent" };
  } catch (e) {
    if (e instanceof AppError && e.code === "conflict") {
      if (e.details?.idempotencyKey) {
        const again = await replay();
        if (again) return again;
      }
      // Another message to this customer is in flight (an operator's): try the step again shortly.
      throw new RetryableStepError(e.message);
    }
    throw e;
  }
}

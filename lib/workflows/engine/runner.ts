import "@/lib/server-only";
import { trustedProjectId } from "@/lib/auth/project-id";
import { AppError } from "@/lib/errors";
import { GraphError } from "@/lib/meta/client";
import type { Environment } from "../env";
import { executionEnv } from "../env-variables";
import type { StepOutcome } from "../steps/execute";
import { STEPS } from "../steps/registry";
import {
  definitionOf,
  type EventInput,
  type ExecRow,
  loadExecution,
  obj,
  pendingInputsOf,
} from "./execution-store";
import { nextNodeId, nodeById } from "./graph";
import { requestAdvanceNow } from "./jobs";
import { RetryableStepError, type RunState, scopeOf, stepContext } from "./step-context";
import { redactor, renderDeep } from "./template";
import { commitTransition, startCall, type Transition } from "./transition-mutations";

// The runner: advances one execution step by step while it is RUNNING. Each step's side effect (a
// send) happens before its transition commits, and carries the idempotency key `wf:<execution>:<step>:<visit>`,
// so a runner killed between the two runs the step again after the restart and finds the message
// instead of sending it twice. A step whose send died half-way (no answer recorded) is not sent again:
// sends are at most once.

/** Steps one job run takes before it hands over to a fresh job (a loop without waits cannot hog a worker). */
const STEPS_PER_RUN = 500;

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
    // The step is delayed: a queued runner goes on when its time is up.
    if (ok === "later") return steps;
    steps++;
    if (!ok) {
      // Someone else moved it (another runner, an operator, a customer's message): start from what is stored.
      const fresh = await loadExecution(executionId);
      if (fresh?.status !== "RUNNING") return steps;
      state.exec = fresh;
    }
  }
  // Long run without a wait: let other work in, then go on.
  await requestAdvanceNow(executionId);
  return steps;
}

/**
 * A step with a delay (send text's `delay_seconds`): the first time, a transition records when it may
 * run and queues the runner for then (one commit, so a kill -9 loses nothing); a runner that comes early
 * (the stale sweep, a restart) queues itself again for the rest. Null once the delay is over.
 */
async function delayed(state: RunState, nodeId: string, kind: string, seconds: number) {
  const { exec } = state;
  const armed = obj(obj(exec.system).delay as ExecRow["system"]);
  if (armed.node_id === nodeId && armed.step === exec.stepCount) {
    const left = Date.parse(String(armed.until)) - Date.now();
    if (!(left > 200)) return null;
    await requestAdvanceNow(exec.id, left / 1000);
    return "later" as const;
  }
  const until = new Date(Date.now() + seconds * 1000).toISOString();
  const system = { ...obj(exec.system), delay: { node_id: nodeId, step: exec.stepCount + 1, until } };
  const ok = await commitTransition(exec, {
    status: "running",
    currentNodeId: nodeId,
    vars: obj(exec.vars),
    system,
    advanceAfterSeconds: seconds,
    events: [
      { type: "action_preparing", nodeId, nodeType: kind, payload: { delay_seconds: seconds, until } },
    ],
  }).then(track(state, "running", { system: system as ExecRow["system"] }));
  return ok ? ("later" as const) : false;
}

/** One step: execute it, then commit its transition. False when the commit lost the race. */
async function step(state: RunState): Promise<boolean | "later"> {
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

  const delay = spec.delaySeconds?.(config) ?? 0;
  if (delay > 0) {
    const wait = await delayed(state, node.id, kind, delay);
    if (wait !== null) return wait;
  }

  const scope = scopeOf(exec);
  const ctx = stepContext(state, exec, node.id);
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

  // What the step keeps for its next visit (an agent's conversation), tagged with its node.
  const agentState =
    outcome.agentState === undefined || outcome.agentState === null
      ? outcome.agentState
      : ({ node_id: node.id, ...outcome.agentState } as unknown as Record<string, unknown>);
  const kept = agentState === undefined ? {} : { agentState: agentState as ExecRow["agentState"] };
  const after = outcome.setVars ? { ...vars, ...outcome.setVars } : vars;
  const varsSet: EventInput[] = outcome.setVars
    ? [
        {
          type: "variables_set",
          nodeId: node.id,
          nodeType: kind,
          payload: { names: Object.keys(outcome.setVars) },
          vars: redact(after),
        },
      ]
    : [];

  if (outcome.kind === "handoff") {
    const t: Transition = {
      status: "handoff",
      currentNodeId: node.id,
      vars: after,
      agentState,
      handoffReason: outcome.reason,
      events: [
        entered,
        ...varsSet,
        {
          type: "step_completed",
          nodeId: node.id,
          nodeType: kind,
          payload: redact({ reason: outcome.reason }),
          vars: redact(after),
        },
        {
          type: "execution_handoff",
          nodeId: node.id,
          nodeType: kind,
          payload: redact({ reason: outcome.reason }),
        },
      ],
    };
    return commitTransition(exec, t).then(track(state, "handoff", { vars: after, ...kept }));
  }

  const detailEvents: EventInput[] =
    outcome.detail && Object.keys(outcome.detail).length
      ? [{ type: "action_performed", nodeId: node.id, nodeType: kind, payload: redact(outcome.detail) }]
      : [];

  if (outcome.kind === "wait") {
    // Read again: a message may have come in while this step ran (an agent's turn takes seconds).
    const pending = await pendingInputsOf(exec.id);
    const first = pending[0] as { text: string } | undefined;
    if (first && spec.resume) {
      // The customer already wrote while the run was busy: that message answers this wait.
      const r = spec.resume(config, { reason: "user_input", input: first });
      const resumed = { ...after, ...(r.setVars ?? {}) };
      const target = r.stay ? node.id : nextNodeId(def, node.id, r.output);
      return commitTransition(exec, {
        status: target ? "running" : "ended",
        currentNodeId: target,
        vars: resumed,
        agentState,
        lastUserInput: first.text,
        pendingInputs: pending.slice(1),
        expectPending: pending,
        system: { ...obj(exec.system), last_resume: { reason: "user_input", at: new Date().toISOString() } },
        events: [
          entered,
          ...detailEvents,
          ...varsSet,
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
                  vars: redact(resumed),
                },
              ]
            : []),
          {
            type: "step_completed",
            nodeId: node.id,
            nodeType: kind,
            payload: { output: r.output },
            vars: redact(resumed),
          },
          ...(target ? [] : [{ type: "execution_ended" as const, payload: { reason: "no_next_step" } }]),
        ],
      }).then(
        track(state, target ? "running" : "ended", {
          currentNodeId: target,
          vars: resumed,
          lastUserInput: first.text,
          pendingInputs: pending.slice(1) as ExecRow["pendingInputs"],
          ...kept,
        }),
      );
    }
    const until = outcome.timeoutSeconds ? new Date(Date.now() + outcome.timeoutSeconds * 1000) : null;
    return commitTransition(exec, {
      status: "waiting",
      currentNodeId: node.id,
      vars: after,
      agentState,
      waitingUntil: until,
      expectPending: [],
      events: [
        entered,
        ...detailEvents,
        ...varsSet,
        {
          type: "execution_waiting",
          nodeId: node.id,
          nodeType: kind,
          payload: { timeout_seconds: outcome.timeoutSeconds, until: until?.toISOString() ?? null },
        },
      ],
    }).then(track(state, "waiting", { vars: after, ...kept }));
  }

  // next
  const target = nextNodeId(def, node.id, outcome.output);
  const events: EventInput[] = [entered, ...detailEvents];
  if (kind === "decide")
    events.push({
      type: "decision_evaluated",
      nodeId: node.id,
      nodeType: kind,
      payload: { output: outcome.output ?? null },
    });
  events.push(...varsSet);
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
    agentState,
    projectEvent: outcome.projectEvent,
    events,
  }).then(track(state, target ? "running" : "ended", { currentNodeId: target, vars: after, ...kept }));
}

/** After a committed transition the in-memory row follows it (no reload per step). */
function track(
  state: RunState,
  status: "running" | "waiting" | "handoff" | "ended" | "failed",
  fields: Omit<Partial<ExecRow>, "vars"> & { vars?: Record<string, unknown> } = {},
) {
  return (ok: boolean) => {
    if (ok) {
      const e = state.exec;
      state.exec = {
        ...e,
        ...(fields as Partial<ExecRow>),
        status: status.toUpperCase() as ExecRow["status"],
        stepCount: e.stepCount + 1,
      };
    }
    return ok;
  };
}

import "@/lib/server-only";
import { trustedProjectId } from "@/lib/auth/project-id";
import { EgressError, egressFetch } from "@/lib/egress/fetch";
import { AppError } from "@/lib/errors";
import { runDecideFunction, runFunctionStep } from "@/lib/js-sandbox";
import { markSendInterrupted, messageByIdempotencyKey } from "@/lib/messages/mutations";
import { sendMessage } from "@/lib/messages/send";
import { decideWithModel, runAgentTurn } from "@/lib/models";
import { type NumberWithSecrets, numberByMetaId, projectNumber } from "@/lib/numbers/credentials";
import type { WorkflowDefinition } from "../definition";
import type { AgentState, ExecuteContext, SendOutcome, SendRequest } from "../steps/execute";
import { completedVisits, defaultNumberId, templateFor } from "./execution-data";
import { type ExecRow, obj } from "./execution-store";
import { linkConversation } from "./start-mutations";
import { render, renderDeep, renderUrl, type TemplateScope } from "./template";

// What a step may do (the ExecuteContext the runner hands each step's execute): render templates, send
// with idempotency keys, look up templates, ask a model, run JavaScript in the sandbox, call HTTP through
// the egress guard, run an agent's turn.

/** How long a send without WhatsApp's answer may be in flight before a re-run calls it interrupted. */
const IN_FLIGHT_GRACE_MS = 15_000;

/** Errors worth retrying the whole step for (nothing was sent): the job retries with backoff. */
export class RetryableStepError extends Error {}

export interface RunState {
  exec: ExecRow;
  def: WorkflowDefinition;
  env: Record<string, string>;
  redact: <T>(v: T) => T;
}

export function scopeOf(exec: ExecRow): TemplateScope {
  return {
    vars: obj(exec.vars),
    context: obj(exec.context),
    system: obj(exec.system),
    metadata: obj(exec.metadata),
    lastUserInput: exec.lastUserInput,
  };
}

/** The agent state kept for this node, if the execution's belongs to it. */
function agentStateOf(exec: ExecRow, nodeId: string): AgentState | null {
  const s = obj(exec.agentState);
  if (s.node_id !== nodeId || !Array.isArray(s.messages)) return null;
  return { messages: s.messages as AgentState["messages"], awaiting: s.awaiting === true };
}

export function stepContext(state: RunState, exec: ExecRow, nodeId: string): ExecuteContext {
  const scope = scopeOf(exec);
  const vars = obj(exec.vars);
  const redact = state.redact;
  return {
    nodeId,
    render: (t) => render(t, scope, state.env),
    renderDeep: (v) => renderDeep(v, scope, state.env),
    renderUrl: (t) => renderUrl(t, scope, state.env),
    vars,
    redact,
    observer: exec.observer,
    lastUserInput: exec.lastUserInput,
    agentState: agentStateOf(exec, nodeId),
    agentTurn: (input) =>
      runAgentTurn({
        ...input,
        projectId: trustedProjectId(exec.projectId),
        system: input.system,
      }),
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
        flow_info: { id: exec.workflowId, name: String(scope.system.flow_name ?? ""), step_id: nodeId },
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
  const visit = await completedVisits(exec.id, exec.currentNodeId);
  const key = `wf:${exec.id}:${exec.currentNodeId}:${visit}${req.sequence ? `:${req.sequence}` : ""}`;
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

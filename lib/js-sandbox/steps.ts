import { runSandboxed, type SandboxError, type SandboxOptions } from "./sandbox";

/**
 * The workflow steps' contracts on top of `runSandboxed` (Kapso's function step, spec §3.2).
 *
 * The code defines `handler(request, env)` (async or not). `request` carries the execution's namespaces
 * both flat (`request.vars`, `request.context`, `request.system`, `request.last_user_input`) and in
 * Kapso's body shape (`request.execution_context.{vars, system, context, metadata}`, `request.flow_events`,
 * `request.flow_info`, `request.whatsapp_context`), which `await request.json()` also returns, so a
 * function written for Kapso runs unchanged. `env` is the workflow's environment variables (strings).
 *
 * - function step: returns `{ vars: {...} }` to merge into the execution's vars (or nothing);
 * - function-based decide: returns the edge label as a string, or `{ next_edge: "<label>", vars? }`.
 */

type Json = Record<string, unknown>;

export interface FunctionStepInput {
  vars: Json;
  context: Json;
  system: Json;
  last_user_input?: string | null;
  /** API-trigger metadata (Kapso's `execution_context.metadata`). */
  metadata?: Json;
  /** The execution's last events (Kapso passes the last 10). */
  flow_events?: unknown[];
  flow_info?: { id: string; name: string; step_id: string };
  whatsapp_context?: { conversation?: unknown; messages?: unknown[] };
}

export interface StepRunOptions extends SandboxOptions {
  /** The workflow's environment variables, handed to the handler as its second argument. */
  env?: Record<string, string>;
}

export type FunctionStepResult =
  | {
      ok: true;
      /** The vars to merge into the execution's vars (empty when the handler returned none). */
      vars: Json;
      /** The whole JSON value the handler returned (what `save_response_to` saves). */
      value: unknown;
      logs: string[];
    }
  | { ok: false; error: SandboxError; logs: string[] };

export type DecideFunctionResult =
  | { ok: true; label: string; vars: Json; logs: string[] }
  | { ok: false; error: SandboxError; logs: string[] };

// Prepended to the user's code: wraps the handler so it receives the request object described above.
// The user's `handler` is looked up when called, after the user's code has defined it.
const PRELUDE = `const __sb_request = (input) => {
  const body = {
    execution_context: { vars: input.vars, system: input.system, context: input.context, metadata: input.metadata },
    flow_events: input.flow_events, flow_info: input.flow_info, whatsapp_context: input.whatsapp_context,
  };
  return Object.freeze({
    ...body,
    vars: input.vars, system: input.system, context: input.context, metadata: input.metadata,
    last_user_input: input.last_user_input,
    json: async () => JSON.parse(JSON.stringify(body)),
    text: async () => JSON.stringify(body),
  });
};
`;

function wrap(code: string): string {
  // The user's code keeps its own `handler`; the driver calls __sb_entry instead (defined after it).
  return `${PRELUDE}${code}
;function __sb_entry(input, env) {
  if (typeof handler !== "function") throw new TypeError("The code must define a function named handler");
  return handler(__sb_request(input), env);
}`;
}

function stepInput(input: FunctionStepInput) {
  return {
    vars: input.vars ?? {},
    context: input.context ?? {},
    system: input.system ?? {},
    metadata: input.metadata ?? {},
    last_user_input: input.last_user_input ?? null,
    flow_events: input.flow_events ?? [],
    flow_info: input.flow_info ?? null,
    whatsapp_context: input.whatsapp_context ?? null,
  };
}

const isPlainObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

async function runStep(code: string, input: FunctionStepInput, opts: StepRunOptions) {
  const { env, ...sandbox } = opts;
  return runSandboxed(wrap(code), stepInput(input), {
    ...sandbox,
    extraArgs: [env ?? {}],
    entry: "__sb_entry",
  });
}

/** Runs a function step's code; its result's `vars` are merged into the execution's vars by the engine. */
export async function runFunctionStep(
  code: string,
  input: FunctionStepInput,
  opts: StepRunOptions = {},
): Promise<FunctionStepResult> {
  const r = await runStep(code, input, opts);
  if (!r.ok) return r;
  const v = r.value;
  if (v === null) return { ok: true, vars: {}, value: null, logs: r.logs };
  if (!isPlainObject(v)) {
    return invalid("The function must return an object such as { vars: { ... } } (or nothing)", r.logs);
  }
  if (v.vars !== undefined && v.vars !== null && !isPlainObject(v.vars)) {
    return invalid("The function's vars must be an object of variable names to values", r.logs);
  }
  return { ok: true, vars: isPlainObject(v.vars) ? v.vars : {}, value: v, logs: r.logs };
}

/**
 * Runs a function-based decide's code: it returns one of `labels` (or `{ next_edge, vars }`). A label that
 * is not one of the conditions is an `invalid_result` (the engine decides what follows).
 */
export async function runDecideFunction(
  code: string,
  input: FunctionStepInput,
  labels: readonly string[],
  opts: StepRunOptions = {},
): Promise<DecideFunctionResult> {
  const r = await runStep(code, input, opts);
  if (!r.ok) return r;
  const v = r.value;
  let label: unknown;
  let vars: Json = {};
  if (typeof v === "string") label = v;
  else if (isPlainObject(v)) {
    label = v.next_edge;
    if (v.vars !== undefined && v.vars !== null) {
      if (!isPlainObject(v.vars)) {
        return invalid("The function's vars must be an object of variable names to values", r.logs);
      }
      vars = v.vars;
    }
  }
  if (typeof label !== "string") {
    return invalid('The function must return a condition label, or { next_edge: "<label>" }', r.logs);
  }
  if (!labels.includes(label)) {
    const shown = label.length > 100 ? `${label.slice(0, 100)}…` : label;
    return invalid(`"${shown}" is not one of the conditions (${labels.join(", ")})`, r.logs);
  }
  return { ok: true, label, vars, logs: r.logs };
}

function invalid(message: string, logs: string[]): { ok: false; error: SandboxError; logs: string[] } {
  return { ok: false, error: { kind: "invalid_result", message }, logs };
}

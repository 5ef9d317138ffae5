import type { WorkflowDefinition } from "./definition";
import { STEPS } from "./steps/registry";

/** Variable syntax shared by the inspector (autocompletion) and, later, the engine (substitution). */

export type Environment = "development" | "production";
export type EnvVar = {
  key: string;
  developmentValue?: string | null;
  productionValue?: string | null;
};

/** KEY → value for one environment; a workflow-level variable wins over a project-level one. */
export function resolveEnv(
  projectVars: readonly EnvVar[],
  workflowVars: readonly EnvVar[],
  environment: Environment,
): Record<string, string> {
  const out: Record<string, string> = {};
  const pick = (v: EnvVar) => (environment === "production" ? v.productionValue : v.developmentValue) ?? "";
  for (const v of projectVars) out[v.key] = pick(v);
  for (const v of workflowVars) out[v.key] = pick(v);
  return out;
}

const ENV_RE = /\$\{ENV:([A-Za-z0-9_]+)\}/g;
const TEMPLATE_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

export type VariableRef = {
  kind: "env" | "vars" | "context" | "system" | "metadata" | "other";
  /** KEY for env, the dotted path after the namespace otherwise (or the bare name for "other"). */
  path: string;
  start: number;
  end: number;
};

export function extractReferences(text: string): VariableRef[] {
  const refs: VariableRef[] = [];
  for (const m of text.matchAll(ENV_RE)) {
    refs.push({ kind: "env", path: m[1] as string, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(TEMPLATE_RE)) {
    const ns = m[1] as string;
    const rest = (m[2] ?? "").slice(1);
    const known = ns === "vars" || ns === "context" || ns === "system" || ns === "metadata";
    refs.push({
      kind: known ? (ns as VariableRef["kind"]) : "other",
      path: known ? rest : rest ? `${ns}.${rest}` : ns,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** `${ENV:KEY}` replaced before `{{…}}` interpolation (Kapso order); unknown keys become "". */
export function substituteEnv(text: string, env: Record<string, string>): string {
  return text.replace(ENV_RE, (_, key: string) => env[key] ?? "");
}

function walkStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) for (const v of value) walkStrings(v, visit);
  else if (value && typeof value === "object") for (const v of Object.values(value)) walkStrings(v, visit);
}

/** What a workflow defines and uses, for autocompletion and the variables list. */
export function workflowVariables(def: WorkflowDefinition): {
  defined: string[];
  used: string[];
  env: string[];
} {
  const defined = new Set<string>();
  const used = new Set<string>();
  const env = new Set<string>();
  for (const n of def.nodes) {
    const c = n.data.config as Record<string, unknown>;
    for (const v of STEPS[n.data.node_type].writesVariables?.(c) ?? []) defined.add(v);
    walkStrings(c, (s) => {
      if (!s.includes("{{") && !s.includes("${")) return;
      for (const r of extractReferences(s)) {
        if (r.kind === "env") env.add(r.path);
        else if (r.kind === "vars") used.add(r.path.split(".")[0] as string);
      }
    });
  }
  return { defined: [...defined].sort(), used: [...used].sort(), env: [...env].sort() };
}

export const CONTEXT_VARIABLES = [
  "context.channel",
  "context.phone_number",
  "context.conversation_id",
  "context.contact.wa_id",
  "context.contact.profile_name",
];
export const SYSTEM_VARIABLES = [
  "system.trigger_type",
  "system.workflow_id",
  "system.flow_name",
  "system.started_at",
  "system.whatsapp_config.phone_number_id",
  "system.whatsapp_config.display_phone_number",
  "system.last_resume.reason",
  "system.customer.id",
  "system.customer.name",
];

export type Completion = { from: number; to: number; options: { label: string; insert: string }[] };

/**
 * Completions for the reference being typed at `caret`: after `{{` variables, after `${` env keys.
 * `from`–`to` is the range to replace with an option's `insert` (the whole reference, closed).
 */
export function completionsAt(
  text: string,
  caret: number,
  catalog: { vars: string[]; env: string[] },
): Completion | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf("{{");
  const envOpen = before.lastIndexOf("${");
  const isEnv = envOpen > open;
  const start = isEnv ? envOpen : open;
  if (start < 0) return null;
  const typed = before.slice(start + 2);
  if (/[}\s]/.test(typed.trim()) || typed.includes("}")) return null;
  // Replace through an already-typed closing brace so we do not leave "}}}}" behind.
  const after = text.slice(caret);
  const closing = isEnv ? after.match(/^[A-Za-z0-9_:]*\}/) : after.match(/^[A-Za-z0-9_.]*\s*\}\}/);
  const to = caret + (closing ? closing[0].length : 0);
  if (isEnv) {
    const q = typed.replace(/^ENV:?/i, "").toUpperCase();
    const options = catalog.env
      .filter((k) => k.toUpperCase().includes(q))
      .map((k) => ({ label: `ENV:${k}`, insert: `\${ENV:${k}}` }));
    return options.length ? { from: start, to, options } : null;
  }
  const q = typed.trim().toLowerCase();
  const all = [
    ...catalog.vars.map((v) => `vars.${v}`),
    ...CONTEXT_VARIABLES,
    ...SYSTEM_VARIABLES,
    "last_user_input",
  ];
  const options = all
    .filter((v) => v.toLowerCase().includes(q))
    .sort((a, b) => Number(!a.toLowerCase().startsWith(q)) - Number(!b.toLowerCase().startsWith(q)))
    .slice(0, 50)
    .map((v) => ({ label: v, insert: `{{${v}}}` }));
  return options.length ? { from: start, to, options } : null;
}

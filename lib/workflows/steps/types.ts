import { z } from "zod";
import type { ExecuteContext, ResumeInput, ResumeOutcome, StepOutcome } from "./execute";

/**
 * What one step kind knows about itself (kapso-spec §3.2). Every kind is a file beside this one and
 * `registry.ts` collects them; the builder (palette, node, inspector), the validator and the engine ask
 * the registry instead of switching on the kind. The inspector form and icon live in the client
 * registry (components/builder/steps/registry.ts), keyed by the same kinds: lib never imports components.
 */

export type StepConfig = Record<string, unknown>;

/** An output a step's edges leave from. `id` is stored as the edge's sourceHandle, `label` as its label. */
export type OutputHandle = { id: string; label: string };

/** Groups for colour and ordering in the palette. */
export type StepCategory = "start" | "message" | "wait" | "logic" | "integration" | "handoff";

/** Project lookups a step's own checks may need; each is optional so pure tests can skip them. */
export type StepContext = {
  /** Project templates by our id and by Meta's id. */
  templates?: Map<string, { name: string; status: string }>;
  /** The project's phone numbers (our id and Meta's phone_number_id). */
  numbers?: Set<string>;
  /** Nesting depth of calling a workflow (1 + its own depth); null when it does not exist. */
  callDepth?: (workflowId: string) => number | null;
};

export type StepIssue = { field?: string; code: string; message: string };

export type SummaryLookups = {
  templateName?: (templateId: string) => string | undefined;
};

export interface StepSpec {
  label: string;
  /** One line for the palette's tooltip. */
  hint: string;
  category: StepCategory;
  /** False for start: a workflow has exactly one, created with it. */
  addable: boolean;
  /** Strict config schema: activation is refused while it fails; the inspector shows its messages. */
  schema: z.ZodType<StepConfig>;
  /** Human names of config fields, for messages the schema did not word itself. */
  fields: Record<string, string>;
  /** Config for a step freshly added from the palette. */
  defaults: () => StepConfig;
  /** Outputs in their fixed semantic order; works on half-filled draft config. */
  outputs: (config: StepConfig) => OutputHandle[];
  /** One line of the key config, shown on the canvas. */
  summary: (config: StepConfig, lookups: SummaryLookups) => string;
  /** True when an execution parks here until the contact answers (so a loop through it is not busy). */
  waitsForContact?: (config: StepConfig) => boolean;
  /** Variables (`vars.*`) the step writes. */
  writesVariables?: (config: StepConfig) => string[];
  /** The workflow this step calls, for the project's call graph. */
  calls?: (config: StepConfig) => string | null;
  /** Checks that need the project (templates, numbers, other workflows). */
  check?: (config: StepConfig, ctx: StepContext) => StepIssue[];
  /** Runs the step (lib/workflows/engine calls it); a kind without it fails the execution, saying so. */
  execute?: (config: StepConfig, ctx: ExecuteContext) => Promise<StepOutcome>;
  /**
   * Seconds the engine waits before running the step (send text's `delay_seconds`); the execution stays
   * running meanwhile and a durable job runs it when the time is up.
   */
  delaySeconds?: (config: StepConfig) => number;
  /** After a `wait` outcome: the output to leave by once the customer answered or the wait timed out. */
  resume?: (config: StepConfig, r: ResumeInput) => ResumeOutcome;
}

// ---- shared schema pieces (messages name the field as a person would) ------------------------

export const required = (label: string, max?: number) => {
  const s = z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`);
  return max ? s.max(max, `${label} can be at most ${max} characters`) : s;
};
/**
 * An outbound request's URL (the HTTP step, an agent's HTTP tool). Each `{{…}}` value in it is URL-encoded
 * when the step runs (one path segment or query value), so the scheme and host must be written out or
 * come from the operator's `${ENV:…}`.
 */
export const requestUrl = (label: string) =>
  required(label, 2000).refine(
    (u) => /^(https?:\/\/|\$\{ENV:)/.test(u),
    `${label} must start with http://, https:// or \${ENV:…}`,
  );
export const optionalText = (label: string, max: number) =>
  z.string().max(max, `${label} can be at most ${max} characters`).optional();
export const variableName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `${label} must be a variable name (letters, digits, _)`);
export const optionalVariable = (label: string) => z.union([z.literal(""), variableName(label)]).optional();

// ---- shared helpers -------------------------------------------------------------------------

export const str = (v: unknown): string => (typeof v === "string" ? v : "");
export const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const asArray = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === "object") : [];
export const NEXT: OutputHandle[] = [{ id: "next", label: "next" }];
export const nextOutput = () => NEXT;

/** Variables named by `save_*_to` fields. */
export const savedTo =
  (...keys: string[]) =>
  (c: StepConfig): string[] =>
    keys.map((k) => str(c[k])).filter(Boolean);

/** A send step may only use one of the project's own numbers. */
export function numberIssues(config: StepConfig, ctx: StepContext): StepIssue[] {
  const id = str(config.phone_number_id);
  if (!ctx.numbers || !id || ctx.numbers.has(id)) return [];
  return [
    {
      field: "phone_number_id",
      code: "number_missing",
      message: "That WhatsApp number is not (or no longer) in this project",
    },
  ];
}

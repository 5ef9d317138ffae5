/**
 * The engine's half of a step kind (kapso-spec §3.2): what running it does. A step's `execute` gets an
 * ExecuteContext from the engine (lib/workflows/engine) and answers with a StepOutcome; the engine owns
 * statuses, transitions, durability and events, the step only what is particular to its kind. Pure:
 * no database, no network. What needs either (sending, templates, other modules) comes through the context.
 */

import type { ModelMessage, RunAgentTurnInput, RunAgentTurnResult } from "@/lib/models/agent";

/** A customer's message as a wait step sees it. */
export interface UserInput {
  text: string;
  type?: string;
  messageId?: string;
  /** The id of the button or list row the customer picked (interactive replies). */
  choiceId?: string | null;
}

export interface SendRequest {
  /** Meta's message type; `content` is the object Meta expects under that key. */
  type: "text" | "template" | "interactive";
  content: Record<string, unknown>;
  /** A rendered "To phone number" (observer mode sends only when it is set). */
  toPhoneNumber?: string;
  /** Our PhoneNumber id or Meta's phone_number_id; the execution's number otherwise. */
  phoneNumberId?: string;
  /**
   * The send's place among several in one visit of a step (an agent's messages: 1, 2, …), so each has
   * its own idempotency key and a run again after a crash finds each instead of sending it twice.
   */
  sequence?: number;
}

export interface SendOutcome {
  messageId: string | null;
  /** Already sent by an earlier run of this step (found by its idempotency key): not sent again. */
  replayed: boolean;
  /** Why nothing was sent (observer mode without a destination). */
  skipped?: string;
  /** `unknown`: an earlier run died during the Graph call; it is not sent again (at most once). */
  outcome: "sent" | "skipped" | "unknown";
}

export interface ExecuteContext {
  nodeId: string;
  /** `${ENV:KEY}` first, then `{{vars.x}}`, `{{context.*}}`, `{{system.*}}`, `{{last_user_input}}`. */
  render(text: string): string;
  renderDeep<T>(value: T): T;
  /** render for a URL: each `{{…}}` value URL-encoded (one path segment or query value). */
  renderUrl(text: string): string;
  vars: Readonly<Record<string, unknown>>;
  /**
   * Masks the workflow's secret values (`${ENV:…}` of secret variables) in anything a model or the customer
   * may see: variables read back, HTTP answers, text about to be sent.
   */
  redact<T>(value: T): T;
  observer: boolean;
  /** The customer's latest message (the one that resumed this step, after a wait). */
  lastUserInput: string | null;
  /** What this step kept from its previous visit on this node (an agent's model conversation), or null. */
  agentState: AgentState | null;
  /** One agent turn with the project's model (lib/models runAgentTurn); never throws for model failures. */
  agentTurn(input: AgentTurnInput): Promise<RunAgentTurnResult>;
  send(request: SendRequest): Promise<SendOutcome>;
  /** A project template by our id or Meta's id. */
  template(id: string): Promise<{ name: string; language: string } | null>;
  /** AI-based decide (lib/models): the model picks a condition; the first one when it cannot. */
  decideByModel(input: {
    conditions: { label: string; description?: string }[];
    providerId?: string;
    model?: string;
    temperature?: number;
    maxTokens?: number;
  }): Promise<{ label: string; fallback: boolean; reason?: string; error?: string }>;
  /** JavaScript in the sandbox (lib/js-sandbox) with the execution's namespaces as its request. */
  runFunction(
    code: string,
    mode: { kind: "function" } | { kind: "decide"; labels: string[] },
  ): Promise<
    | { ok: true; vars: Record<string, unknown>; value?: unknown; label?: string; logs: string[] }
    | { ok: false; error: string; logs: string[] }
  >;
  /** An HTTP request through the egress guard (private and local addresses refused unless allowed). */
  http(request: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
  }): Promise<{ status: number; body: unknown; truncated: boolean }>;
}

/** Kept with the execution between an agent's turns (its own; null once it leaves the node). */
export interface AgentState {
  messages: ModelMessage[];
  /** Parked for the customer's next message, which opens the next turn. */
  awaiting: boolean;
}

export type AgentTurnInput = Omit<RunAgentTurnInput, "projectId" | "abortSignal">;

/** Fields any outcome that leaves the step standing may carry. */
interface Carry {
  setVars?: Record<string, unknown>;
  detail?: Record<string, unknown>;
  /** What to keep for the next visit of this node (agent); null clears it; omitted leaves it. */
  agentState?: AgentState | null;
  /** A project event (`project.event`) emitted with the step's transition (emit_event). */
  projectEvent?: { name: string; occurredAt: string; properties: Record<string, unknown> };
}

export type StepOutcome =
  /** Leave by an output (its handle id or label; omitted: the first output). */
  | ({ kind: "next"; output?: string } & Carry)
  /** Park until the customer answers (or the timeout): `resume` then picks the output. */
  | ({ kind: "wait"; timeoutSeconds: number | null } & Carry)
  | ({ kind: "handoff"; reason: string | null } & Carry)
  | { kind: "call"; workflowId: string; saveErrorTo: string }
  | { kind: "fail"; error: string; detail?: Record<string, unknown> };

export interface ResumeInput {
  reason: "user_input" | "timeout";
  input: UserInput | null;
}

export interface ResumeOutcome {
  /** Handle id or label of the output to leave by. */
  output: string;
  /** Run this same step again instead of leaving it (an agent's next turn). */
  stay?: boolean;
  setVars?: Record<string, unknown>;
}

export class StepUnavailableError extends Error {}

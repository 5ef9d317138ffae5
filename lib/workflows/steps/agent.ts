import { z } from "zod";
import type { ModelMessage } from "@/lib/models/agent";
import { agentTools, TOOL_NAME, type TurnState } from "./agent-tools";
import type { AgentState, StepOutcome } from "./execute";
import { clip, nextOutput, requestUrl, required, type StepSpec, str } from "./types";

export const REASONING_EFFORTS = ["minimal", "low", "medium", "high"] as const;

/** Kapso's skill text says 10 (its compiler 80): the loop's model calls per turn when unset. */
const DEFAULT_ITERATIONS = 10;
/** History kept between turns (older messages are dropped from the front, at a customer's message). */
const MAX_HISTORY = 80;

const httpTool = z.looseObject({
  name: z
    .string({ error: "HTTP tool name is required" })
    .regex(TOOL_NAME, "HTTP tool name must be letters, digits, _ or - (up to 64)"),
  description: z.string().max(1000).optional(),
  url: requestUrl("HTTP tool URL"),
  http_method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  body_schema: z.record(z.string(), z.unknown()).optional(),
});

/** Drops the oldest messages beyond the cap, restarting at a customer's message (never mid tool call). */
function trimHistory(messages: ModelMessage[]): ModelMessage[] {
  if (messages.length <= MAX_HISTORY) return messages;
  const tail = messages.slice(-MAX_HISTORY);
  const at = tail.findIndex((m) => m.role === "user");
  return at > 0 ? tail.slice(at) : tail;
}

export const agent: StepSpec = {
  label: "Agent",
  hint: "Let an AI agent converse",
  category: "integration",
  addable: true,
  schema: z.looseObject({
    system_prompt: required("System prompt", 20_000),
    provider_model_id: z.string().optional(),
    provider_model_name: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_iterations: z
      .number({ error: "Max iterations must be a number" })
      .int("Max iterations must be a whole number")
      .min(1, "Max iterations must be at least 1")
      .max(200, "Max iterations can be at most 200")
      .optional(),
    max_tokens: z.number().int().min(1).max(200_000).optional(),
    reasoning_effort: z.enum(REASONING_EFFORTS).optional(),
    message_delivery_mode: z.enum(["auto_send_assistant_text", "tool_only"]).optional(),
    enabled_default_tools: z.array(z.string()).optional(),
    flow_agent_webhooks: z.array(httpTool).max(20, "At most 20 HTTP tools").optional(),
  }),
  fields: {
    system_prompt: "System prompt",
    max_iterations: "Max iterations",
    reasoning_effort: "Reasoning effort",
    flow_agent_webhooks: "HTTP tools",
  },
  defaults: () => ({}),
  outputs: nextOutput,
  summary: (c) => clip(str(c.system_prompt)) || "No prompt yet",
  waitsForContact: () => true,

  /**
   * One turn of the agent: the customer's new message (or, on entering, their last one) goes to the model
   * with the conversation so far; the model answers and calls tools until it ends the turn. complete_task
   * leaves by the next edge, handoff_to_human hands the chat over; anything else (an answer, enter_waiting,
   * the iteration limit) parks the execution until the customer writes again, which opens the next turn.
   */
  async execute(c, ctx): Promise<StepOutcome> {
    const before = ctx.agentState;
    const incoming = ctx.lastUserInput?.trim() ? ctx.lastUserInput : null;
    const history: ModelMessage[] = [...(before?.messages ?? [])];
    if (!before || before.awaiting)
      history.push({
        role: "user",
        content: incoming ?? (before ? "(empty message)" : "(The conversation starts here.)"),
      });
    const turn: TurnState = { vars: { ...ctx.vars }, setVars: {}, sent: [], sequence: 0, httpCalls: [] };
    const r = await ctx.agentTurn({
      providerId: str(c.provider_model_id) || null,
      model: str(c.provider_model_name) || null,
      system: ctx.render(str(c.system_prompt)),
      messages: history,
      tools: agentTools(c, ctx, turn),
      maxSteps: typeof c.max_iterations === "number" ? c.max_iterations : DEFAULT_ITERATIONS,
      temperature: typeof c.temperature === "number" ? c.temperature : 0,
      maxTokens: typeof c.max_tokens === "number" ? c.max_tokens : undefined,
    });
    const setVars = Object.keys(turn.setVars).length ? turn.setVars : undefined;
    const detail = {
      ...(turn.sent.length ? { messages_sent: turn.sent.length } : {}),
      ...(turn.httpCalls.length ? { http_calls: turn.httpCalls } : {}),
      tool_calls: r.toolCalls.map((t) => t.toolName),
    };
    if (!r.ok)
      return {
        kind: "fail",
        error: `Agent: the model could not answer (${r.error.kind}): ${r.error.message}`,
        detail,
      };
    // What the assistant wrote goes to the customer unless the node sends only through the tool.
    if (r.text.trim() && str(c.message_delivery_mode) !== "tool_only") {
      // Never a secret value in a message to the customer, whatever the model was shown.
      const text = ctx.redact(r.text.trim());
      const sent = await ctx.send({ type: "text", content: { body: text }, sequence: ++turn.sequence });
      turn.sent.push({ text, messageId: sent.messageId, outcome: sent.outcome });
    }
    const messages = trimHistory([...history, ...r.messages]);
    const full = {
      ...detail,
      messages_sent: turn.sent.length,
      ended: r.ended,
      ...(r.endedBy ? { ended_by: r.endedBy } : {}),
      steps: r.steps,
      model: r.model,
    };
    if (turn.completed)
      return {
        kind: "next",
        setVars,
        agentState: null,
        detail: { ...full, ...(turn.completed.summary ? { summary: turn.completed.summary } : {}) },
      };
    if (turn.handoff)
      return {
        kind: "handoff",
        reason: turn.handoff.reason ?? "The agent handed the conversation over",
        setVars,
        agentState: { messages, awaiting: true } satisfies AgentState,
        detail: full,
      };
    return {
      kind: "wait",
      timeoutSeconds: null,
      setVars,
      agentState: { messages, awaiting: true },
      detail: full,
    };
  },
  // The customer's next message runs the agent again on this step: a new turn.
  resume: () => ({ output: "next", stay: true }),
};

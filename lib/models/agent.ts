import "@/lib/server-only";
import {
  generateText,
  hasToolCall,
  type ModelMessage,
  type StepResult,
  type StopCondition,
  stepCountIs,
  type ToolSet,
  tool,
} from "ai";
import type { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { describeModelError, languageModel, type ModelErrorKind } from "./client";
import { loadProviderCredentials, type ProviderCredentials } from "./data";

export type { ModelMessage };

/** A tool the agent may call: the engine supplies send message, save/get variable, handoff, HTTP tools… */
export interface AgentTool<S extends z.ZodType = z.ZodType> {
  description: string;
  inputSchema: S;
  /** Runs the tool; its JSON-serialisable result goes back to the model. A throw is shown to the model as the tool's error. */
  execute: (input: z.infer<S>, ctx: { toolCallId: string }) => Promise<unknown> | unknown;
  /** End the turn once this tool has run (complete_task, handoff_to_human, enter_waiting). */
  endsTurn?: boolean;
}

/** Helps type a tool's execute from its schema: `agentTool({ inputSchema: z.object(…), execute: (i) => … })`. */
export const agentTool = <S extends z.ZodType>(t: AgentTool<S>): AgentTool<S> => t;

export interface RunAgentTurnInput {
  projectId: ProjectId;
  providerId?: string | null;
  /** The model id; the provider's default model when omitted (the node's provider_model_id). */
  model?: string | null;
  system: string;
  /** The conversation so far (AI SDK ModelMessages: user, assistant, tool). */
  messages: ModelMessage[];
  tools: Record<string, AgentTool>;
  /** Model calls in this turn at most (each tool round trip is one); the node's max_iterations. */
  maxSteps: number;
  temperature?: number;
  /** Output tokens per model call (the node's max_tokens; default 4,096). */
  maxTokens?: number;
  /** The whole turn, all steps (default 120 s). */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

export interface AgentToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
  /** The tool's result, when it ran. */
  output?: unknown;
  /** The tool's error message, when it threw (the model saw it). */
  error?: string;
}

export type RunAgentTurnResult =
  | {
      ok: true;
      /** The messages this turn added (assistant and tool messages), to append to the history. */
      messages: ModelMessage[];
      toolCalls: AgentToolCall[];
      /** The assistant's text in its last step ("" when it only called tools). */
      text: string;
      /** Why the turn ended: the model stopped ("stop"), a tool that ends the turn ran, or maxSteps. */
      ended: "stop" | "tool" | "max_steps" | "length" | "other";
      /** The tool that ended the turn, when `ended` is "tool". */
      endedBy?: string;
      steps: number;
      usage: { inputTokens: number; outputTokens: number };
      providerId: string;
      model: string;
    }
  | {
      ok: false;
      error: { kind: ModelErrorKind; message: string };
      /** What completed before the failure (tools already run stay run). */
      messages: ModelMessage[];
      toolCalls: AgentToolCall[];
    };

/**
 * One agent turn: the model is called with the history and the tools; each tool call it makes is run
 * and its result handed back, until it answers without a tool call, a tool marked `endsTurn` runs, or
 * `maxSteps` model calls were made. Never throws for model failures: they come back as `ok: false`.
 */
export async function runAgentTurn(input: RunAgentTurnInput): Promise<RunAgentTurnResult> {
  const done: StepResult<ToolSet>[] = [];
  let provider: ProviderCredentials;
  try {
    provider = await loadProviderCredentials(input.projectId, input.providerId);
  } catch (e) {
    return {
      ok: false,
      error: { kind: "no_provider", message: (e as Error).message },
      messages: [],
      toolCalls: [],
    };
  }
  const model = input.model?.trim() || provider.defaultModel;

  const tools: ToolSet = {};
  const enders: string[] = [];
  for (const [name, t] of Object.entries(input.tools)) {
    tools[name] = tool({
      description: t.description,
      inputSchema: t.inputSchema,
      execute: async (args: unknown, opts: { toolCallId: string }) =>
        t.execute(args, { toolCallId: opts.toolCallId }),
    });
    if (t.endsTurn) enders.push(name);
  }
  const stopWhen: StopCondition<ToolSet>[] = [
    stepCountIs(Math.max(1, input.maxSteps)),
    ...enders.map(hasToolCall),
  ];

  const timeout = AbortSignal.timeout(input.timeoutMs ?? 120_000);
  try {
    const result = await generateText({
      model: languageModel(provider, model),
      system: input.system,
      messages: input.messages,
      tools,
      stopWhen,
      temperature: input.temperature ?? 0,
      maxOutputTokens: input.maxTokens ?? 4096,
      maxRetries: 1,
      abortSignal: input.abortSignal ? AbortSignal.any([input.abortSignal, timeout]) : timeout,
      onStepFinish: (step) => {
        done.push(step);
      },
    });
    const calls = toolCalls(result.steps);
    const last = result.steps.at(-1);
    const endedBy = last?.toolCalls.find((c) => enders.includes(c.toolName))?.toolName;
    const ended: "stop" | "tool" | "max_steps" | "length" | "other" = endedBy
      ? "tool"
      : result.finishReason === "tool-calls"
        ? "max_steps"
        : result.finishReason === "stop"
          ? "stop"
          : result.finishReason === "length"
            ? "length"
            : "other";
    return {
      ok: true,
      messages: result.response.messages,
      toolCalls: calls,
      text: result.text,
      ended,
      ...(endedBy ? { endedBy } : {}),
      steps: result.steps.length,
      usage: {
        inputTokens: result.totalUsage.inputTokens ?? 0,
        outputTokens: result.totalUsage.outputTokens ?? 0,
      },
      providerId: provider.id,
      model,
    };
  } catch (e) {
    return {
      ok: false,
      error: describeModelError(e, provider.apiKey),
      messages: lastMessages(done),
      toolCalls: toolCalls(done),
    };
  }
}

/** Each step's response.messages holds the whole turn so far; the last step's is the turn's. */
function lastMessages(steps: StepResult<ToolSet>[]): ModelMessage[] {
  return steps.at(-1)?.response.messages ?? [];
}

function toolCalls(steps: StepResult<ToolSet>[]): AgentToolCall[] {
  const out: AgentToolCall[] = [];
  for (const s of steps) {
    for (const part of s.content) {
      if (part.type === "tool-call") {
        out.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
      } else if (part.type === "tool-result") {
        const c = out.find((x) => x.toolCallId === part.toolCallId);
        if (c) c.output = part.output;
      } else if (part.type === "tool-error") {
        const c = out.find((x) => x.toolCallId === part.toolCallId);
        if (c) c.error = part.error instanceof Error ? part.error.message : String(part.error);
      }
    }
  }
  return out;
}

import "@/lib/server-only";
import { generateText } from "ai";
import type { ProjectId } from "@/lib/auth/project-id";
import { AppError } from "@/lib/errors";
import { describeModelError, languageModel, type ModelErrorKind } from "./client";
import { loadProviderCredentials, type ProviderCredentials } from "./data";
import { matchLabel } from "./labels";

export interface DecideCondition {
  label: string;
  description?: string;
}

export interface DecideWithModelInput {
  projectId: ProjectId;
  /** The provider to use; the project's default when omitted. */
  providerId?: string | null;
  /** The model id; the provider's default model when omitted (the node's provider_model_name). */
  model?: string | null;
  /** What to decide, in the workflow author's words (optional; the conditions often say enough). */
  prompt?: string;
  conditions: DecideCondition[];
  /** What the model may look at: the last user input, vars, a transcript. Strings are used as they are. */
  context?: string | Record<string, unknown>;
  /** 0–1, default 0 (the node's llm_temperature). */
  temperature?: number;
  /** Default 256: a label is short (the node's llm_max_tokens caps it). */
  maxTokens?: number;
  /** Default 30 s. */
  timeoutMs?: number;
}

export type DecideFallbackReason = ModelErrorKind | "invalid_answer";

export interface DecideWithModelResult {
  /** The chosen condition's label: the model's pick, or the first condition's on a fallback. */
  label: string;
  /** True when the model could not choose (no provider, an error, a timeout, an answer that is no label). */
  fallback: boolean;
  reason?: DecideFallbackReason;
  /** Why, for the execution's decision event (never the key). */
  error?: string;
  /** The model's answer, clipped (for the execution's decision event). */
  answer?: string;
  providerId?: string;
  model?: string;
}

const MAX_CONTEXT_CHARS = 20_000;

/**
 * An AI-based decide: the model picks one of the conditions by label. Anything else (no provider, an
 * error, a timeout, an answer that names no condition) falls back to the first condition, as Kapso does.
 * Never throws for model failures; throws AppError validation only when `conditions` is empty.
 */
export async function decideWithModel(input: DecideWithModelInput): Promise<DecideWithModelResult> {
  const labels = input.conditions.map((c) => c.label);
  const first = labels[0];
  if (first === undefined) throw new AppError("validation", "Conditions: add at least one");

  let provider: ProviderCredentials;
  try {
    provider = await loadProviderCredentials(input.projectId, input.providerId);
  } catch (e) {
    return { label: first, fallback: true, reason: "no_provider", error: (e as Error).message };
  }
  const model = input.model?.trim() || provider.defaultModel;
  const base = { providerId: provider.id, model };
  try {
    const { text } = await generateText({
      model: languageModel(provider, model),
      system: systemPrompt(input.conditions),
      prompt: userPrompt(input.prompt, input.context),
      temperature: input.temperature ?? 0,
      maxOutputTokens: input.maxTokens ?? 256,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(input.timeoutMs ?? 30_000),
    });
    const label = matchLabel(text, labels);
    if (label === undefined) {
      return { label: first, fallback: true, reason: "invalid_answer", answer: clip(text), ...base };
    }
    return { label, fallback: false, answer: clip(text), ...base };
  } catch (e) {
    const d = describeModelError(e, provider.apiKey);
    return { label: first, fallback: true, reason: d.kind, error: d.message, ...base };
  }
}

function systemPrompt(conditions: DecideCondition[]): string {
  const list = conditions
    .map((c) => `- ${JSON.stringify(c.label)}${c.description?.trim() ? `: ${c.description.trim()}` : ""}`)
    .join("\n");
  return [
    "You route a conversation in a workflow. Choose the one condition below that fits best.",
    "Answer with the condition's label only, exactly as written, without quotes or any other words.",
    "",
    "Conditions:",
    list,
  ].join("\n");
}

function userPrompt(prompt: string | undefined, context: DecideWithModelInput["context"]): string {
  const ctx = typeof context === "string" ? context : context ? JSON.stringify(context, null, 1) : "";
  const parts = [];
  if (prompt?.trim()) parts.push(`Decision: ${prompt.trim()}`);
  if (ctx)
    parts.push(`Context:\n${ctx.length > MAX_CONTEXT_CHARS ? `${ctx.slice(0, MAX_CONTEXT_CHARS)}…` : ctx}`);
  parts.push("Which condition's label?");
  return parts.join("\n\n");
}

function clip(s: string): string {
  return s.length > 500 ? `${s.slice(0, 500)}…` : s;
}

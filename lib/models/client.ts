import "@/lib/server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { EgressError, guardedFetch } from "@/lib/egress/fetch";
import type { ProviderCredentials } from "./data";

/**
 * The AI SDK model for a provider. Every request goes through the egress guard (`guardedFetch`): a
 * provider on a private or loopback address (a local Ollama, a test server) is refused unless its host
 * is in EGRESS_ALLOW_HOSTS.
 */
export function languageModel(p: ProviderCredentials, modelId?: string | null): LanguageModel {
  const id = modelId?.trim() || p.defaultModel;
  if (p.kind === "anthropic") {
    return createAnthropic({ baseURL: p.baseUrl, apiKey: p.apiKey ?? "", fetch: guardedFetch })(id);
  }
  // OpenAI-compatible servers and Ollama (its /v1 endpoint speaks the same Chat Completions protocol).
  return createOpenAICompatible({
    name: p.kind === "ollama" ? "ollama" : "openai-compatible",
    baseURL: p.baseUrl,
    ...(p.apiKey ? { apiKey: p.apiKey } : {}),
    fetch: guardedFetch,
  }).chatModel(id);
}

export type ModelErrorKind = "no_provider" | "blocked" | "timeout" | "provider" | "network";

/**
 * What went wrong with a model call, in words an operator can act on. Never includes the key, the
 * prompt or the response body (the AI SDK's errors carry them).
 */
export function describeModelError(
  e: unknown,
  secret?: string | null,
): { kind: ModelErrorKind; message: string } {
  const d = explain(e);
  // A provider may echo the key (or part of it) in its error text.
  if (secret && secret.length >= 8) {
    d.message = d.message.split(secret).join("[key]").split(secret.slice(-8)).join("[key]");
  }
  return d;
}

function explain(e: unknown): { kind: ModelErrorKind; message: string } {
  const err = e as {
    name?: string;
    message?: string;
    statusCode?: number;
    cause?: unknown;
    lastError?: unknown;
  };
  if (err?.name === "AI_RetryError" && err.lastError) return explain(err.lastError);
  if (err?.name === "TimeoutError" || err?.name === "AbortError") {
    return { kind: "timeout", message: "The model did not answer in time." };
  }
  const egress = egressCause(e);
  if (egress) {
    if (egress.code === "timeout") return { kind: "timeout", message: "The model did not answer in time." };
    if (egress.code === "blocked_address" || egress.code === "invalid_url") {
      return { kind: "blocked", message: clip(egress.message) };
    }
    return { kind: "network", message: clip(egress.message) };
  }
  if (err?.name === "AI_APICallError" && typeof err.statusCode === "number") {
    const hint =
      err.statusCode === 401 || err.statusCode === 403
        ? " (check the API key)"
        : err.statusCode === 404
          ? " (check the base URL and the model name)"
          : "";
    return {
      kind: "provider",
      message: clip(`The provider answered ${err.statusCode}${hint}: ${err.message ?? ""}`),
    };
  }
  if (err?.name === "AI_APICallError")
    return { kind: "network", message: clip(err.message ?? "Network error") };
  return { kind: "provider", message: clip(err?.message ?? String(e)) };
}

/** The egress guard's refusal somewhere in the cause chain (the SDK wraps fetch's TypeError, which wraps it). */
function egressCause(e: unknown): EgressError | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur; i++) {
    if (cur instanceof EgressError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 300 ? `${one.slice(0, 300)}…` : one;
}

import "@/lib/server-only";
import { generateText } from "ai";
import type { ProjectId } from "@/lib/auth/project-id";
import { describeModelError, languageModel, type ModelErrorKind } from "./client";
import { loadProviderCredentials } from "./data";

export type ConnectionTestResult =
  | { ok: true; model: string; latencyMs: number; reply: string }
  | { ok: false; model?: string; error: { kind: ModelErrorKind; message: string } };

/**
 * Tests a provider with one small completion of its default model (through the egress guard). The
 * result says what failed in words an operator can act on; it never contains the key.
 */
export async function testProviderConnection(
  projectId: ProjectId,
  providerId: string,
  opts: { timeoutMs?: number } = {},
): Promise<ConnectionTestResult> {
  let provider: Awaited<ReturnType<typeof loadProviderCredentials>>;
  try {
    provider = await loadProviderCredentials(projectId, providerId);
  } catch (e) {
    return { ok: false, error: { kind: "no_provider", message: (e as Error).message } };
  }
  const started = performance.now();
  try {
    const { text } = await generateText({
      model: languageModel(provider),
      prompt: "Reply with the single word: OK",
      maxOutputTokens: 16,
      temperature: 0,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
    });
    const reply = text.trim();
    return {
      ok: true,
      model: provider.defaultModel,
      latencyMs: Math.round(performance.now() - started),
      reply: reply.length > 100 ? `${reply.slice(0, 100)}…` : reply,
    };
  } catch (e) {
    return { ok: false, model: provider.defaultModel, error: describeModelError(e, provider.apiKey) };
  }
}

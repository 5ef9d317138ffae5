import { z } from "zod";

/** Kapso's names for the kinds (the API and the step configs use these). */
export const PROVIDER_KINDS = ["openai_compatible", "anthropic", "ollama"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  openai_compatible: "OpenAI-compatible",
  anthropic: "Anthropic",
  ollama: "Ollama",
};

/** Where each kind usually lives (the form's placeholder and the default base URL). */
export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  openai_compatible: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  ollama: "http://localhost:11434/v1",
};

const name = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(80, "Name: at most 80 characters");
const kind = z.enum(PROVIDER_KINDS, { error: "Kind must be openai_compatible, anthropic or ollama" });
const baseUrl = z
  .string({ error: "Base URL is required" })
  .trim()
  .max(500, "Base URL: at most 500 characters")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "Base URL must be an http(s) URL such as https://api.openai.com/v1, without credentials")
  .transform((v) => v.replace(/\/+$/, ""));
const apiKey = z
  .string({ error: "API key must be text" })
  .trim()
  .max(1000, "API key: at most 1,000 characters")
  .refine((v) => !/\s/.test(v), "API key must not contain spaces");
const defaultModel = z
  .string({ error: "Model is required" })
  .trim()
  .min(1, "Model is required, such as gpt-4o-mini or claude-sonnet-4-5")
  .max(200, "Model: at most 200 characters");

export const createProviderSchema = z
  .object({
    name,
    kind,
    baseUrl,
    /** Required for OpenAI-compatible and Anthropic; optional for Ollama. */
    apiKey: apiKey.optional(),
    defaultModel,
    /** Make this the project's default provider (the first provider always is). */
    isDefault: z.boolean({ error: "isDefault must be true or false" }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== "ollama" && !v.apiKey) {
      ctx.addIssue({ code: "custom", path: ["apiKey"], message: "API key is required for this kind" });
    }
  });
export type CreateProviderInput = z.infer<typeof createProviderSchema>;

/** What can change; `apiKey` omitted keeps the stored key, "" clears it (Ollama only needs none). */
export const updateProviderSchema = z.object({
  name: name.optional(),
  baseUrl: baseUrl.optional(),
  apiKey: z.union([z.literal(""), apiKey]).optional(),
  defaultModel: defaultModel.optional(),
  isDefault: z
    .literal(true, { error: "isDefault can only be set to true (make another provider the default)" })
    .optional(),
});
export type UpdateProviderInput = z.infer<typeof updateProviderSchema>;

export const providerIdSchema = z
  .string({ error: "providerId is required" })
  .min(1, "providerId is required")
  .max(64);

import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { listProviders } from "@/lib/models/data";
import { PROVIDER_KINDS } from "@/lib/models/schema";
import { data } from "./schemas";

// Kapso's model catalogue for decide and agent steps: here, the project's providers with their default
// models (a step's provider_model_id is the provider's id). Keys are never part of it.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Provider models" } as const;

const providerModelJson = z.object({
  id: z.string(),
  name: z.string(),
  provider_id: z.string(),
  provider_name: z.string(),
  provider_kind: z.enum(PROVIDER_KINDS),
  is_default: z.boolean(),
});

export const providerModels = resource("/platform/v1/provider_models", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "The models AI decide and agent steps can use (the project's providers, the default first)",
      response: data(z.array(providerModelJson)),
    },
    async (ctx) => ({
      data: (await listProviders(platformContext(ctx).projectId)).map((p) => ({
        id: p.id,
        name: p.defaultModel,
        provider_id: p.id,
        provider_name: p.name,
        provider_kind: p.kind,
        is_default: p.isDefault,
      })),
    }),
  ),
});

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { testProviderConnection } from "./connection";
import { createProvider, deleteProvider, recordProviderTest, updateProvider } from "./mutations";
import { createProviderSchema, providerIdSchema, updateProviderSchema } from "./schema";

const projectId = z.string().min(1);
const createActionSchema = createProviderSchema.safeExtend({ projectId });
const updateActionSchema = updateProviderSchema.extend({ projectId, providerId: providerIdSchema });
const idActionSchema = z.object({ projectId, providerId: providerIdSchema });

const pagePath = (slug: string) => `/p/${slug}/settings/models`;

/** Adds a provider. The result is the provider without its key (only whether one is set and its end). */
export const createModelProviderAction = defineAction(
  { name: "createModelProvider", minRole: "ADMIN", input: createActionSchema },
  async ({ projectId, ...input }, ctx) => {
    const provider = await createProvider(ctx.scope, ctx.actor, input);
    revalidatePath(pagePath(ctx.project.slug));
    return provider;
  },
);

export const updateModelProviderAction = defineAction(
  { name: "updateModelProvider", minRole: "ADMIN", input: updateActionSchema },
  async ({ projectId, providerId, ...changes }, ctx) => {
    const provider = await updateProvider(ctx.scope, ctx.actor, { providerId, ...changes });
    revalidatePath(pagePath(ctx.project.slug));
    return provider;
  },
);

export const deleteModelProviderAction = defineAction(
  { name: "deleteModelProvider", minRole: "ADMIN", input: idActionSchema },
  async ({ providerId }, ctx) => {
    await deleteProvider(ctx.scope, ctx.actor, { providerId });
    revalidatePath(pagePath(ctx.project.slug));
  },
);

/** Sends one small completion to the provider and records the outcome on it. */
export const testModelProviderAction = defineAction(
  { name: "testModelProvider", minRole: "ADMIN", input: idActionSchema },
  async ({ providerId }, ctx) => {
    const result = await testProviderConnection(ctx.projectId, providerId);
    if (!(result.ok === false && result.error.kind === "no_provider")) {
      await recordProviderTest(ctx.scope, ctx.actor, {
        providerId,
        ok: result.ok,
        error: result.ok ? null : result.error.message,
      });
    }
    revalidatePath(pagePath(ctx.project.slug));
    return result;
  },
);

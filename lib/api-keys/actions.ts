"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/define-action";
import { createApiKey, revokeApiKey } from "./mutations";
import { createApiKeySchema, revokeApiKeySchema } from "./schema";

export const createApiKeyAction = defineAction(
  { name: "createApiKey", minRole: "ADMIN", input: createApiKeySchema },
  async ({ name }, ctx) => {
    const created = await createApiKey(ctx.scope, ctx.actor, { name });
    revalidatePath(`/p/${ctx.project.slug}/settings/api-keys`);
    return created;
  },
);

export const revokeApiKeyAction = defineAction(
  { name: "revokeApiKey", minRole: "ADMIN", input: revokeApiKeySchema },
  async ({ keyId }, ctx) => {
    await revokeApiKey(ctx.scope, ctx.actor, { keyId });
    revalidatePath(`/p/${ctx.project.slug}/settings/api-keys`);
  },
);

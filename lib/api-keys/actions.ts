"use server";

import { revalidatePath } from "next/cache";
import { authorizeProject } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { createApiKey, revokeApiKey } from "./mutations";
import { createApiKeySchema, revokeApiKeySchema } from "./schema";

export async function createApiKeyAction(input: unknown) {
  return runAction("createApiKey", createApiKeySchema, input, async ({ projectId, name }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    const created = await createApiKey(ctx.projectId, name, ctx.user.id);
    revalidatePath(`/p/${ctx.project.slug}/settings/api-keys`);
    return created;
  });
}

export async function revokeApiKeyAction(input: unknown) {
  return runAction("revokeApiKey", revokeApiKeySchema, input, async ({ projectId, keyId }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    await revokeApiKey(ctx.projectId, keyId, ctx.user.id);
    revalidatePath(`/p/${ctx.project.slug}/settings/api-keys`);
  });
}

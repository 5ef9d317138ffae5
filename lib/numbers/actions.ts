"use server";

import { revalidatePath } from "next/cache";
import { authorizeProject } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { addSandboxNumber, checkNumberHealth, connectLiveNumber, deleteNumber } from "./mutations";
import { addSandboxSchema, connectLiveSchema, numberRefSchema } from "./schema";

export async function connectLiveNumberAction(input: unknown) {
  return runAction("connectLiveNumber", connectLiveSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    const r = await connectLiveNumber(ctx, data);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  });
}

export async function addSandboxNumberAction(input: unknown) {
  return runAction("addSandboxNumber", addSandboxSchema, input, async ({ projectId, name }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    const r = await addSandboxNumber(ctx, name);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  });
}

export async function checkNumberHealthAction(input: unknown) {
  return runAction("checkNumberHealth", numberRefSchema, input, async ({ projectId, numberId }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    const r = await checkNumberHealth(ctx, numberId);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  });
}

export async function deleteNumberAction(input: unknown) {
  return runAction("deleteNumber", numberRefSchema, input, async ({ projectId, numberId }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    await deleteNumber(ctx, numberId);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/define-action";
import {
  addSandboxNumber,
  checkNumberHealth,
  connectLiveNumber,
  deleteNumber,
  updateNumberCredentials,
} from "./mutations";
import { addSandboxSchema, connectLiveSchema, numberRefSchema, updateCredentialsSchema } from "./schema";

export const connectLiveNumberAction = defineAction(
  { name: "connectLiveNumber", minRole: "ADMIN", input: connectLiveSchema },
  async ({ projectId, ...data }, ctx) => {
    const r = await connectLiveNumber(ctx.scope, ctx.actor, data);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  },
);

export const addSandboxNumberAction = defineAction(
  { name: "addSandboxNumber", minRole: "ADMIN", input: addSandboxSchema },
  async ({ name }, ctx) => {
    const r = await addSandboxNumber(ctx.scope, ctx.actor, { name });
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  },
);

export const checkNumberHealthAction = defineAction(
  { name: "checkNumberHealth", minRole: "ADMIN", input: numberRefSchema },
  async ({ numberId }, ctx) => {
    const r = await checkNumberHealth(ctx.scope, ctx.actor, { numberId });
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  },
);

export const deleteNumberAction = defineAction(
  { name: "deleteNumber", minRole: "ADMIN", input: numberRefSchema },
  async ({ numberId }, ctx) => {
    await deleteNumber(ctx.scope, ctx.actor, { numberId });
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
  },
);

export const updateNumberCredentialsAction = defineAction(
  { name: "updateNumberCredentials", minRole: "ADMIN", input: updateCredentialsSchema },
  async ({ projectId, ...data }, ctx) => {
    await updateNumberCredentials(ctx.scope, ctx.actor, data);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
  },
);

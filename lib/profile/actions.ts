"use server";

import { defineAction } from "@/lib/http/define-action";
import { saveProfile } from "./mutations";
import { saveProfileSchema } from "./schema";

export const saveProfileAction = defineAction(
  { name: "saveProfile", minRole: "ADMIN", input: saveProfileSchema },
  async ({ projectId: _p, ...input }, ctx) => saveProfile(ctx.scope, ctx.actor, input),
);

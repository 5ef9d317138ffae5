"use server";

import { defineAction } from "@/lib/http/define-action";
import { addMember, changeMemberRole, removeMember } from "./mutations";
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from "./schema";

export const addMemberAction = defineAction(
  { name: "addMember", minRole: "ADMIN", input: addMemberSchema },
  async (data, ctx) => {
    return addMember(ctx.scope, ctx.actor, data);
  },
);

export const changeMemberRoleAction = defineAction(
  { name: "changeMemberRole", minRole: "ADMIN", input: changeRoleSchema },
  async (data, ctx) => {
    await changeMemberRole(ctx.scope, ctx.actor, { userId: data.userId, role: data.role });
  },
);

export const removeMemberAction = defineAction(
  { name: "removeMember", minRole: "ADMIN", input: removeMemberSchema },
  async (data, ctx) => {
    await removeMember(ctx.scope, ctx.actor, { userId: data.userId });
  },
);

"use server";

import { authorizeProject } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { addMember, changeMemberRole, removeMember } from "./mutations";
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from "./schema";

export async function addMemberAction(input: unknown) {
  return runAction("addMember", addMemberSchema, input, async (data) => {
    const ctx = await authorizeProject({ id: data.projectId }, "ADMIN");
    return addMember(ctx, data);
  });
}

export async function changeMemberRoleAction(input: unknown) {
  return runAction("changeMemberRole", changeRoleSchema, input, async (data) => {
    const ctx = await authorizeProject({ id: data.projectId }, "ADMIN");
    await changeMemberRole(ctx, data.userId, data.role);
  });
}

export async function removeMemberAction(input: unknown) {
  return runAction("removeMember", removeMemberSchema, input, async (data) => {
    const ctx = await authorizeProject({ id: data.projectId }, "ADMIN");
    await removeMember(ctx, data.userId);
  });
}

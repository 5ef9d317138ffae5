"use server";

import { revalidatePath } from "next/cache";
import { authorizeProject, requireUser } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { createProject, renameProject } from "./mutations";
import { createProjectSchema, renameProjectSchema } from "./schema";

export async function createProjectAction(input: unknown) {
  return runAction("createProject", createProjectSchema, input, async ({ name }) => {
    const user = await requireUser();
    return createProject(user.id, name);
  });
}

export async function renameProjectAction(input: unknown) {
  return runAction("renameProject", renameProjectSchema, input, async ({ projectId, name }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    await renameProject(ctx.projectId, ctx.user.id, name);
    revalidatePath(`/p/${ctx.project.slug}`, "layout");
  });
}

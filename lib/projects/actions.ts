"use server";

import { revalidatePath } from "next/cache";
import { defineAction, defineUserAction } from "@/lib/http/define-action";
import { createProject, renameProject } from "./mutations";
import { createProjectSchema, renameProjectSchema } from "./schema";

export const createProjectAction = defineUserAction(
  { name: "createProject", input: createProjectSchema },
  async ({ name }, user) => {
    return createProject(user.id, name);
  },
);

export const renameProjectAction = defineAction(
  { name: "renameProject", minRole: "ADMIN", input: renameProjectSchema },
  async ({ name }, ctx) => {
    await renameProject(ctx.scope, ctx.actor, { name });
    revalidatePath(`/p/${ctx.project.slug}`, "layout");
  },
);

"use server";

import { revalidatePath } from "next/cache";
import type { ProjectId } from "@/lib/auth/project-id";
import { defineAction } from "@/lib/http/define-action";
import { testConversations } from "./list-data";
import { deleteTemplate, editTemplate, submitTemplate, syncNow } from "./mutations";
import {
  deleteTemplateSchema,
  editTemplateSchema,
  submitTemplateSchema,
  syncSchema,
  testConversationsSchema,
} from "./schema";

// Server actions of the Templates page and editor: admins change templates; any member may look.

export const submitTemplateAction = defineAction(
  { name: "submitTemplate", minRole: "ADMIN", input: submitTemplateSchema },
  async ({ projectId: _p, ...input }, ctx) => {
    const r = await submitTemplate(ctx.scope, ctx.actor, input);
    revalidatePath(`/p/${ctx.project.slug}/templates`);
    return r;
  },
);

export const editTemplateAction = defineAction(
  { name: "editTemplate", minRole: "ADMIN", input: editTemplateSchema },
  async ({ projectId: _p, ...input }, ctx) => {
    const r = await editTemplate(ctx.scope, ctx.actor, input);
    revalidatePath(`/p/${ctx.project.slug}/templates`);
    return r;
  },
);

export const deleteTemplateAction = defineAction(
  { name: "deleteTemplate", minRole: "ADMIN", input: deleteTemplateSchema },
  async ({ projectId: _p, ...input }, ctx) => {
    const r = await deleteTemplate(ctx.scope, ctx.actor, input);
    revalidatePath(`/p/${ctx.project.slug}/templates`);
    return r;
  },
);

export const syncTemplatesAction = defineAction(
  { name: "syncTemplates", minRole: "ADMIN", input: syncSchema },
  async (_input, ctx) => syncNow(ctx.scope, ctx.actor),
);

export const testConversationsAction = defineAction(
  { name: "testConversations", minRole: "MEMBER", input: testConversationsSchema },
  async ({ wabaId }, ctx) => testConversations(ctx.scope.projectId as ProjectId, wabaId),
);

"use server";

import { revalidatePath } from "next/cache";
import type { Role } from "@/generated/prisma/enums";
import type { ProjectContext } from "@/lib/auth/session";
import { defineAction } from "@/lib/http/define-action";
import {
  getVersion,
  getWorkflow,
  getWorkflowSummary,
  listVersions,
  listWorkflows,
  previewPromotion,
} from "./data";
import {
  createEnvVariable,
  deleteEnvVariable,
  effectiveEnv,
  listEnvVariables,
  updateEnvVariable,
} from "./env-variables";
import {
  createWorkflow,
  duplicateWorkflow,
  promoteWorkflow,
  restoreVersion,
  saveDefinition,
  setArchived,
  setWorkflowStatus,
  updateWorkflowDetails,
} from "./mutations";
import {
  archiveWorkflowSchema,
  createEnvSchema,
  createTriggerSchema,
  createWorkflowSchema,
  duplicateWorkflowSchema,
  effectiveEnvSchema,
  envRefSchema,
  listEnvSchema,
  listVersionsSchema,
  listWorkflowsSchema,
  promoteSchema,
  promotionRefSchema,
  restoreVersionSchema,
  saveDefinitionSchema,
  setStatusSchema,
  setTriggerActiveSchema,
  triggerRefSchema,
  updateEnvSchema,
  updateWorkflowDetailsSchema,
  versionRefSchema,
  workflowRefSchema,
} from "./schema";
import { testSendTemplate, testTemplateSchema } from "./test-send";
import { createTrigger, deleteTrigger, listTriggers, setTriggerActive } from "./triggers";

// Server actions for the workflows list, the canvas and the variables page (contract: ./README.md).
// Roles: any member may read; changing anything needs ADMIN or OWNER.

const VIEW: Role = "MEMBER";
const EDIT: Role = "ADMIN";

const listPath = (ctx: ProjectContext) => `/p/${ctx.project.slug}/workflows`;

// ---- reads ----

export const listWorkflowsAction = defineAction(
  { name: "listWorkflows", minRole: VIEW, input: listWorkflowsSchema },
  async ({ projectId, ...filter }, ctx) => {
    return (await listWorkflows(ctx.projectId, filter)).items;
  },
);

export const getWorkflowAction = defineAction(
  { name: "getWorkflow", minRole: VIEW, input: workflowRefSchema },
  async ({ workflowId }, ctx) => {
    return getWorkflow(ctx.projectId, workflowId);
  },
);

export const listVersionsAction = defineAction(
  { name: "listVersions", minRole: VIEW, input: listVersionsSchema },
  async ({ projectId, workflowId, ...page }, ctx) => {
    return listVersions(ctx.projectId, workflowId, page);
  },
);

export const getVersionAction = defineAction(
  { name: "getVersion", minRole: VIEW, input: versionRefSchema },
  async ({ workflowId, version }, ctx) => {
    return getVersion(ctx.projectId, workflowId, version);
  },
);

export const previewPromotionAction = defineAction(
  { name: "previewPromotion", minRole: VIEW, input: promotionRefSchema },
  async ({ sourceId, targetId }, ctx) => {
    return previewPromotion(ctx.projectId, sourceId, targetId);
  },
);

export const listTriggersAction = defineAction(
  { name: "listTriggers", minRole: VIEW, input: workflowRefSchema },
  async ({ workflowId }, ctx) => {
    await getWorkflowSummary(ctx.projectId, workflowId); // 404 for another project's workflow
    return listTriggers(ctx.projectId, workflowId);
  },
);

export const listEnvVariablesAction = defineAction(
  { name: "listEnvVariables", minRole: VIEW, input: listEnvSchema },
  async ({ workflowId }, ctx) => {
    return listEnvVariables(ctx.projectId, workflowId);
  },
);

export const effectiveEnvAction = defineAction(
  { name: "effectiveEnv", minRole: VIEW, input: effectiveEnvSchema },
  async ({ workflowId, environment }, ctx) => {
    return effectiveEnv(ctx.projectId, workflowId, environment);
  },
);

// ---- workflow writes ----

export const createWorkflowAction = defineAction(
  { name: "createWorkflow", minRole: EDIT, input: createWorkflowSchema },
  async ({ projectId, ...data }, ctx) => {
    const created = await createWorkflow(ctx.scope, ctx.actor, data);
    revalidatePath(listPath(ctx));
    return created;
  },
);

export const updateWorkflowDetailsAction = defineAction(
  { name: "updateWorkflowDetails", minRole: EDIT, input: updateWorkflowDetailsSchema },
  async ({ projectId, workflowId, ...data }, ctx) => {
    const updated = await updateWorkflowDetails(ctx.scope, ctx.actor, { workflowId, ...data });
    revalidatePath(listPath(ctx));
    return updated;
  },
);

export const duplicateWorkflowAction = defineAction(
  { name: "duplicateWorkflow", minRole: EDIT, input: duplicateWorkflowSchema },
  async ({ workflowId, name }, ctx) => {
    const copy = await duplicateWorkflow(ctx.scope, ctx.actor, { workflowId, name });
    revalidatePath(listPath(ctx));
    return copy;
  },
);

export const archiveWorkflowAction = defineAction(
  { name: "archiveWorkflow", minRole: EDIT, input: archiveWorkflowSchema },
  async ({ workflowId, archived }, ctx) => {
    const updated = await setArchived(ctx.scope, ctx.actor, { workflowId, archived });
    revalidatePath(listPath(ctx));
    return updated;
  },
);

/** Autosave. No revalidatePath: the canvas owns its state and a list refresh per keystroke is waste. */
export const saveWorkflowAction = defineAction(
  { name: "saveWorkflow", minRole: EDIT, input: saveDefinitionSchema },
  async ({ projectId, ...data }, ctx) => {
    return saveDefinition(ctx.scope, ctx.actor, data);
  },
);

export const restoreVersionAction = defineAction(
  { name: "restoreVersion", minRole: EDIT, input: restoreVersionSchema },
  async ({ projectId, ...data }, ctx) => {
    const restored = await restoreVersion(ctx.scope, ctx.actor, data);
    revalidatePath(listPath(ctx));
    return restored;
  },
);

export const promoteWorkflowAction = defineAction(
  { name: "promoteWorkflow", minRole: EDIT, input: promoteSchema },
  async ({ projectId, ...data }, ctx) => {
    const promoted = await promoteWorkflow(ctx.scope, ctx.actor, data);
    revalidatePath(listPath(ctx));
    return promoted;
  },
);

export const setWorkflowStatusAction = defineAction(
  { name: "setWorkflowStatus", minRole: EDIT, input: setStatusSchema },
  async ({ workflowId, status }, ctx) => {
    const updated = await setWorkflowStatus(ctx.scope, ctx.actor, { workflowId, status });
    revalidatePath(listPath(ctx));
    // Published with no active trigger, nothing will ever start it: the builder says so.
    const activeTriggers = (await listTriggers(ctx.scope.projectId, workflowId)).filter(
      (t) => t.active,
    ).length;
    return { ...updated, activeTriggers };
  },
);

// ---- triggers ----

export const createTriggerAction = defineAction(
  { name: "createTrigger", minRole: EDIT, input: createTriggerSchema },
  async ({ workflowId, trigger }, ctx) => {
    return createTrigger(ctx.scope, ctx.actor, { workflowId, trigger });
  },
);

export const setTriggerActiveAction = defineAction(
  { name: "setTriggerActive", minRole: EDIT, input: setTriggerActiveSchema },
  async ({ triggerId, active }, ctx) => {
    return setTriggerActive(ctx.scope, ctx.actor, { triggerId, active });
  },
);

export const deleteTriggerAction = defineAction(
  { name: "deleteTrigger", minRole: EDIT, input: triggerRefSchema },
  async ({ triggerId }, ctx) => {
    await deleteTrigger(ctx.scope, ctx.actor, { triggerId });
  },
);

// ---- environment variables ----

export const createEnvVariableAction = defineAction(
  { name: "createEnvVariable", minRole: EDIT, input: createEnvSchema },
  async ({ projectId, ...data }, ctx) => {
    return createEnvVariable(ctx.scope, ctx.actor, data);
  },
);

export const updateEnvVariableAction = defineAction(
  { name: "updateEnvVariable", minRole: EDIT, input: updateEnvSchema },
  async ({ projectId, ...data }, ctx) => {
    return updateEnvVariable(ctx.scope, ctx.actor, data);
  },
);

export const deleteEnvVariableAction = defineAction(
  { name: "deleteEnvVariable", minRole: EDIT, input: envRefSchema },
  async ({ variableId }, ctx) => {
    await deleteEnvVariable(ctx.scope, ctx.actor, { variableId });
  },
);

/** The send-template node's Test button (sandbox numbers only). */
export const testTemplateAction = defineAction(
  { name: "testTemplate", minRole: "ADMIN", input: testTemplateSchema },
  async (i, ctx) => {
    return testSendTemplate(ctx.scope, ctx.actor, i);
  },
);

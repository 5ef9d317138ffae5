"use server";

import { revalidatePath } from "next/cache";
import type { Role } from "@/generated/prisma/enums";
import { authorizeProject, type ProjectContext } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import type { Actor } from "./actor";
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

const actorOf = (ctx: ProjectContext): Actor => ({ projectId: ctx.projectId, userId: ctx.user.id });
const listPath = (ctx: ProjectContext) => `/p/${ctx.project.slug}/workflows`;

// ---- reads ----

export async function listWorkflowsAction(input: unknown) {
  return runAction("listWorkflows", listWorkflowsSchema, input, async ({ projectId, ...filter }) => {
    const ctx = await authorizeProject({ id: projectId }, VIEW);
    return (await listWorkflows(ctx.projectId, filter)).items;
  });
}

export async function getWorkflowAction(input: unknown) {
  return runAction("getWorkflow", workflowRefSchema, input, async ({ projectId, workflowId }) => {
    const ctx = await authorizeProject({ id: projectId }, VIEW);
    return getWorkflow(ctx.projectId, workflowId);
  });
}

export async function listVersionsAction(input: unknown) {
  return runAction("listVersions", listVersionsSchema, input, async ({ projectId, workflowId, ...page }) => {
    const ctx = await authorizeProject({ id: projectId }, VIEW);
    return listVersions(ctx.projectId, workflowId, page);
  });
}

export async function getVersionAction(input: unknown) {
  return runAction("getVersion", versionRefSchema, input, async ({ projectId, workflowId, version }) => {
    const ctx = await authorizeProject({ id: projectId }, VIEW);
    return getVersion(ctx.projectId, workflowId, version);
  });
}

export async function previewPromotionAction(input: unknown) {
  return runAction(
    "previewPromotion",
    promotionRefSchema,
    input,
    async ({ projectId, sourceId, targetId }) => {
      const ctx = await authorizeProject({ id: projectId }, VIEW);
      return previewPromotion(ctx.projectId, sourceId, targetId);
    },
  );
}

export async function listTriggersAction(input: unknown) {
  return runAction("listTriggers", workflowRefSchema, input, async ({ projectId, workflowId }) => {
    const ctx = await authorizeProject({ id: projectId }, VIEW);
    await getWorkflowSummary(ctx.projectId, workflowId); // 404 for another project's workflow
    return listTriggers(ctx.projectId, workflowId);
  });
}

export async function listEnvVariablesAction(input: unknown) {
  return runAction("listEnvVariables", listEnvSchema, input, async ({ projectId, workflowId }) => {
    const ctx = await authorizeProject({ id: projectId }, VIEW);
    return listEnvVariables(ctx.projectId, workflowId);
  });
}

export async function effectiveEnvAction(input: unknown) {
  return runAction(
    "effectiveEnv",
    effectiveEnvSchema,
    input,
    async ({ projectId, workflowId, environment }) => {
      const ctx = await authorizeProject({ id: projectId }, VIEW);
      return effectiveEnv(ctx.projectId, workflowId, environment);
    },
  );
}

// ---- workflow writes ----

export async function createWorkflowAction(input: unknown) {
  return runAction("createWorkflow", createWorkflowSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    const created = await createWorkflow(actorOf(ctx), data);
    revalidatePath(listPath(ctx));
    return created;
  });
}

export async function updateWorkflowDetailsAction(input: unknown) {
  return runAction(
    "updateWorkflowDetails",
    updateWorkflowDetailsSchema,
    input,
    async ({ projectId, workflowId, ...data }) => {
      const ctx = await authorizeProject({ id: projectId }, EDIT);
      const updated = await updateWorkflowDetails(actorOf(ctx), workflowId, data);
      revalidatePath(listPath(ctx));
      return updated;
    },
  );
}

export async function duplicateWorkflowAction(input: unknown) {
  return runAction(
    "duplicateWorkflow",
    duplicateWorkflowSchema,
    input,
    async ({ projectId, workflowId, name }) => {
      const ctx = await authorizeProject({ id: projectId }, EDIT);
      const copy = await duplicateWorkflow(actorOf(ctx), workflowId, name);
      revalidatePath(listPath(ctx));
      return copy;
    },
  );
}

export async function archiveWorkflowAction(input: unknown) {
  return runAction(
    "archiveWorkflow",
    archiveWorkflowSchema,
    input,
    async ({ projectId, workflowId, archived }) => {
      const ctx = await authorizeProject({ id: projectId }, EDIT);
      const updated = await setArchived(actorOf(ctx), workflowId, archived);
      revalidatePath(listPath(ctx));
      return updated;
    },
  );
}

/** Autosave. No revalidatePath: the canvas owns its state and a list refresh per keystroke is waste. */
export async function saveWorkflowAction(input: unknown) {
  return runAction("saveWorkflow", saveDefinitionSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    return saveDefinition(actorOf(ctx), data);
  });
}

export async function restoreVersionAction(input: unknown) {
  return runAction("restoreVersion", restoreVersionSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    const restored = await restoreVersion(actorOf(ctx), data);
    revalidatePath(listPath(ctx));
    return restored;
  });
}

export async function promoteWorkflowAction(input: unknown) {
  return runAction("promoteWorkflow", promoteSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    const promoted = await promoteWorkflow(actorOf(ctx), data);
    revalidatePath(listPath(ctx));
    return promoted;
  });
}

export async function setWorkflowStatusAction(input: unknown) {
  return runAction("setWorkflowStatus", setStatusSchema, input, async ({ projectId, workflowId, status }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    const updated = await setWorkflowStatus(actorOf(ctx), workflowId, status);
    revalidatePath(listPath(ctx));
    return updated;
  });
}

// ---- triggers ----

export async function createTriggerAction(input: unknown) {
  return runAction(
    "createTrigger",
    createTriggerSchema,
    input,
    async ({ projectId, workflowId, trigger }) => {
      const ctx = await authorizeProject({ id: projectId }, EDIT);
      return createTrigger(actorOf(ctx), workflowId, trigger);
    },
  );
}

export async function setTriggerActiveAction(input: unknown) {
  return runAction(
    "setTriggerActive",
    setTriggerActiveSchema,
    input,
    async ({ projectId, triggerId, active }) => {
      const ctx = await authorizeProject({ id: projectId }, EDIT);
      return setTriggerActive(actorOf(ctx), triggerId, active);
    },
  );
}

export async function deleteTriggerAction(input: unknown) {
  return runAction("deleteTrigger", triggerRefSchema, input, async ({ projectId, triggerId }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    await deleteTrigger(actorOf(ctx), triggerId);
  });
}

// ---- environment variables ----

export async function createEnvVariableAction(input: unknown) {
  return runAction("createEnvVariable", createEnvSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    return createEnvVariable(actorOf(ctx), data);
  });
}

export async function updateEnvVariableAction(input: unknown) {
  return runAction("updateEnvVariable", updateEnvSchema, input, async ({ projectId, ...data }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    return updateEnvVariable(actorOf(ctx), data);
  });
}

export async function deleteEnvVariableAction(input: unknown) {
  return runAction("deleteEnvVariable", envRefSchema, input, async ({ projectId, variableId }) => {
    const ctx = await authorizeProject({ id: projectId }, EDIT);
    await deleteEnvVariable(actorOf(ctx), variableId);
  });
}

/** The send-template node's Test button (sandbox numbers only). */
export async function testTemplateAction(input: unknown) {
  return runAction("testTemplate", testTemplateSchema, input, async (i) => {
    const ctx = await authorizeProject({ id: i.projectId }, "ADMIN");
    return testSendTemplate(ctx, i);
  });
}

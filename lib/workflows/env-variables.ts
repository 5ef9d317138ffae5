import "@/lib/server-only";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "./actor";
import { type EnvVar, resolveEnv } from "./env";
import type { CreateEnvInput, Environment, UpdateEnvInput } from "./schema";

// Environment variables referenced as ${ENV:KEY}: project-level, or workflow-level (which wins for that
// workflow). A secret's values are sealed with ENCRYPTION_KEY and never leave the server once saved: DTOs
// carry only whether a value is set, and the UI shows a mask.

export interface EnvVariableDto {
  id: string;
  key: string;
  scope: "project" | "workflow";
  workflowId: string | null;
  secret: boolean;
  /** Null for secrets (see hasDevelopmentValue). */
  developmentValue: string | null;
  productionValue: string | null;
  hasDevelopmentValue: boolean;
  hasProductionValue: boolean;
  updatedAt: string;
}

export interface EffectiveEnvEntryDto {
  key: string;
  /** The value the engine would use in this environment; null when it is a secret (masked). */
  value: string | null;
  secret: boolean;
  source: "project" | "workflow";
  /** True when a workflow-level variable hides a project-level one of the same key. */
  overridesProject: boolean;
}

export const SECRET_MASK = "••••••••";

const select = {
  id: true,
  key: true,
  workflowId: true,
  secret: true,
  developmentValue: true,
  productionValue: true,
  updatedAt: true,
} as const;

interface Row {
  id: string;
  key: string;
  workflowId: string | null;
  secret: boolean;
  developmentValue: string | null;
  productionValue: string | null;
  updatedAt: Date;
}

const toDto = (r: Row): EnvVariableDto => ({
  id: r.id,
  key: r.key,
  scope: r.workflowId ? "workflow" : "project",
  workflowId: r.workflowId,
  secret: r.secret,
  developmentValue: r.secret ? null : r.developmentValue,
  productionValue: r.secret ? null : r.productionValue,
  hasDevelopmentValue: !!r.developmentValue,
  hasProductionValue: !!r.productionValue,
  updatedAt: r.updatedAt.toISOString(),
});

const seal = (v: string) => (v ? encryptSecret(v, env().ENCRYPTION_KEY) : "");
const unseal = (v: string | null) => (v ? decryptSecret(v, env().ENCRYPTION_KEY) : "");
const variableNotFound = () => new AppError("not_found", "Variable not found.");

function duplicateKey(key: string, workflowId: string | null | undefined): AppError {
  return new AppError(
    "conflict",
    `A ${workflowId ? "workflow" : "project"}-level variable named ${key} already exists. Edit that one instead.`,
    { fields: { key: "Already exists" } },
  );
}

async function assertWorkflow(projectId: ProjectId, workflowId: string): Promise<void> {
  const w = await db().workflow.findFirst({ where: { id: workflowId, projectId }, select: { id: true } });
  if (!w) throw new AppError("not_found", "Workflow not found.");
}

/** Project-level variables (workflowId omitted) or one workflow's own variables. */
export async function listEnvVariables(projectId: ProjectId, workflowId?: string): Promise<EnvVariableDto[]> {
  if (workflowId) await assertWorkflow(projectId, workflowId);
  const rows = await db().envVariable.findMany({
    where: { projectId, workflowId: workflowId ?? null },
    orderBy: { key: "asc" },
    select,
  });
  return rows.map(toDto);
}

export async function createEnvVariable(
  scope: Scope,
  actor: Actor,
  input: Omit<CreateEnvInput, "projectId">,
): Promise<EnvVariableDto> {
  const { projectId } = scope;
  const workflowId = input.workflowId ?? null;
  if (workflowId) await assertWorkflow(projectId, workflowId);
  const wrap = input.secret ? seal : (v: string) => v;
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.envVariable.create({
        data: {
          projectId,
          workflowId,
          key: input.key,
          secret: input.secret,
          developmentValue: wrap(input.developmentValue),
          productionValue: wrap(input.productionValue),
        },
        select,
      });
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "env_variable.created",
        targetType: "env_variable",
        targetId: row.id,
        // Never the values: the audit log is readable by every admin.
        data: { key: input.key, workflowId, secret: input.secret },
      });
      return toDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateKey(input.key, workflowId);
    throw e;
  }
}

export async function updateEnvVariable(
  scope: Scope,
  actor: Actor,
  input: Omit<UpdateEnvInput, "projectId">,
): Promise<EnvVariableDto> {
  const { projectId } = scope;
  return db().$transaction(async (tx) => {
    const row = await tx.envVariable.findFirst({
      where: { id: input.variableId, projectId },
      select,
    });
    if (!row) throw variableNotFound();
    if (row.secret && input.secret === false) {
      throw new AppError(
        "validation",
        "A secret stays secret: un-hiding it would reveal its value. Delete it and create a plain variable instead.",
        { fields: { secret: "Cannot be turned off" } },
      );
    }
    const secret = row.secret || input.secret === true;
    // A variable turning secret gets its current values sealed, so nothing stays readable at rest.
    const next = (given: string | undefined, stored: string | null) => {
      if (given !== undefined) return secret ? seal(given) : given;
      if (secret && !row.secret) return seal(stored ?? "");
      return stored;
    };
    const updated = await tx.envVariable.update({
      where: { id: row.id },
      data: {
        secret,
        developmentValue: next(input.developmentValue, row.developmentValue),
        productionValue: next(input.productionValue, row.productionValue),
      },
      select,
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "env_variable.updated",
      targetType: "env_variable",
      targetId: row.id,
      data: {
        key: row.key,
        secret,
        changed: [
          ...(input.developmentValue !== undefined ? ["developmentValue"] : []),
          ...(input.productionValue !== undefined ? ["productionValue"] : []),
        ],
      },
    });
    return toDto(updated);
  });
}

export async function deleteEnvVariable(
  scope: Scope,
  actor: Actor,
  { variableId }: { variableId: string },
): Promise<void> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const row = await tx.envVariable.findFirst({
      where: { id: variableId, projectId },
      select: { key: true },
    });
    if (!row) throw variableNotFound();
    await tx.envVariable.delete({ where: { id: variableId } });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "env_variable.deleted",
      targetType: "env_variable",
      targetId: variableId,
      data: { key: row.key },
    });
  });
}

async function scopedRows(projectId: ProjectId, workflowId: string) {
  await assertWorkflow(projectId, workflowId);
  const rows = await db().envVariable.findMany({
    where: { projectId, OR: [{ workflowId: null }, { workflowId }] },
    orderBy: { key: "asc" },
    select,
  });
  return {
    project: rows.filter((r) => r.workflowId === null),
    workflow: rows.filter((r) => r.workflowId !== null),
  };
}

/** What a workflow sees in one environment, for the settings panel: secrets masked. */
export async function effectiveEnv(
  projectId: ProjectId,
  workflowId: string,
  environment: Environment,
): Promise<EffectiveEnvEntryDto[]> {
  const rows = await scopedRows(projectId, workflowId);
  // Secrets go through resolveEnv without their values, so precedence is decided in one place and no
  // plaintext is ever produced for a browser.
  const visible = (r: Row): EnvVar => (r.secret ? { key: r.key } : r);
  const values = resolveEnv(rows.project.map(visible), rows.workflow.map(visible), environment);
  const projectKeys = new Set(rows.project.map((r) => r.key));
  const winner = new Map<string, Row>();
  for (const r of [...rows.project, ...rows.workflow]) winner.set(r.key, r);
  return Object.keys(values)
    .sort()
    .map((key) => {
      const r = winner.get(key) as Row;
      const fromWorkflow = r.workflowId !== null;
      return {
        key,
        value: r.secret ? null : (values[key] ?? ""),
        secret: r.secret,
        source: fromWorkflow ? ("workflow" as const) : ("project" as const),
        overridesProject: fromWorkflow && projectKeys.has(key),
      };
    });
}

/** The plaintext KEY → value map for the engine (server only, never sent to a browser). */
export async function envForExecution(
  projectId: ProjectId,
  workflowId: string,
  environment: Environment,
): Promise<Record<string, string>> {
  const rows = await scopedRows(projectId, workflowId);
  const plain = (r: Row): EnvVar =>
    r.secret
      ? {
          key: r.key,
          developmentValue: unseal(r.developmentValue),
          productionValue: unseal(r.productionValue),
        }
      : r;
  return resolveEnv(rows.project.map(plain), rows.workflow.map(plain), environment);
}

/**
 * For the engine: the KEY → value map of one environment, and every secret's plaintext (both
 * environments), so what an execution writes to its events, logs and API answers can be redacted.
 */
export async function executionEnv(
  projectId: ProjectId,
  workflowId: string,
  environment: Environment,
): Promise<{ env: Record<string, string>; secrets: string[] }> {
  const rows = await scopedRows(projectId, workflowId);
  const secrets: string[] = [];
  const plain = (r: Row): EnvVar => {
    if (!r.secret) return r;
    const v = {
      key: r.key,
      developmentValue: unseal(r.developmentValue),
      productionValue: unseal(r.productionValue),
    };
    secrets.push(v.developmentValue, v.productionValue);
    return v;
  };
  const env = resolveEnv(rows.project.map(plain), rows.workflow.map(plain), environment);
  return { env, secrets: secrets.filter(Boolean) };
}

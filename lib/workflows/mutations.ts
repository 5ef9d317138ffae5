import "@/lib/server-only";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { actingUserId } from "./actor";
import { asDefinition, getWorkflowSummary, notFound, problemsFor, type WorkflowSummaryDto } from "./data";
import { emptyDefinition, type WorkflowDefinition } from "./definition";
import type { Problem } from "./validate";
import { json, lockWorkflow, staleVersion, writeVersion } from "./version-store";

export async function createWorkflow(
  scope: Scope,
  actor: Actor,
  input: { name: string; description: string; definition?: WorkflowDefinition },
): Promise<WorkflowSummaryDto> {
  const definition = input.definition ?? emptyDefinition();
  const id = await db().$transaction(async (tx) => {
    const row = await tx.workflow.create({
      data: {
        projectId: scope.projectId,
        name: input.name,
        description: input.description,
        definition: json(definition),
        createdById: actingUserId(actor),
        updatedById: actingUserId(actor),
        versions: {
          create: {
            projectId: scope.projectId,
            version: 1,
            definition: json(definition),
            note: "Created",
            createdById: actingUserId(actor),
          },
        },
      },
      select: { id: true },
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.created",
      targetType: "workflow",
      targetId: row.id,
      data: { name: input.name },
    });
    return row.id;
  });
  return getWorkflowSummary(scope.projectId, id);
}

export async function updateWorkflowDetails(
  scope: Scope,
  actor: Actor,
  { workflowId, ...input }: { workflowId: string; name?: string; description?: string },
): Promise<WorkflowSummaryDto> {
  await db().$transaction(async (tx) => {
    const r = await tx.workflow.updateMany({
      where: { id: workflowId, projectId: scope.projectId },
      data: { name: input.name, description: input.description, updatedById: actingUserId(actor) },
    });
    if (r.count === 0) throw notFound();
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.updated",
      targetType: "workflow",
      targetId: workflowId,
      data: input,
    });
  });
  return getWorkflowSummary(scope.projectId, workflowId);
}

/** A new draft with the same definition and workflow-level variables; triggers stay with the original. */
export async function duplicateWorkflow(
  scope: Scope,
  actor: Actor,
  { workflowId, name }: { workflowId: string; name?: string },
): Promise<WorkflowSummaryDto> {
  const id = await db().$transaction(async (tx) => {
    const src = await tx.workflow.findFirst({
      where: { id: workflowId, projectId: scope.projectId },
      select: {
        name: true,
        description: true,
        version: true,
        definition: true,
        envVariables: {
          select: { key: true, developmentValue: true, productionValue: true, secret: true },
        },
      },
    });
    if (!src) throw notFound();
    const definition = json(asDefinition(src.definition));
    const row = await tx.workflow.create({
      data: {
        projectId: scope.projectId,
        name: name ?? `${src.name} (copy)`.slice(0, 100),
        description: src.description,
        definition,
        createdById: actingUserId(actor),
        updatedById: actingUserId(actor),
        versions: {
          create: {
            projectId: scope.projectId,
            version: 1,
            definition,
            note: `Duplicated from "${src.name}" version ${src.version}`,
            createdById: actingUserId(actor),
          },
        },
      },
      select: { id: true },
    });
    // Secret values are copied sealed; they are never decrypted on the way.
    if (src.envVariables.length) {
      await tx.envVariable.createMany({
        data: src.envVariables.map((v) => ({ ...v, projectId: scope.projectId, workflowId: row.id })),
      });
    }
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.duplicated",
      targetType: "workflow",
      targetId: row.id,
      data: { sourceId: workflowId },
    });
    return row.id;
  });
  return getWorkflowSummary(scope.projectId, id);
}

/** Archiving also deactivates the workflow's triggers, so the numbers they held are free again. */
export async function setArchived(
  scope: Scope,
  actor: Actor,
  { workflowId, archived }: { workflowId: string; archived: boolean },
): Promise<WorkflowSummaryDto> {
  await db().$transaction(async (tx) => {
    const row = await lockWorkflow(tx, scope.projectId, workflowId);
    if ((row.status === "ARCHIVED") === archived) return;
    await tx.workflow.update({
      where: { id: workflowId },
      // An archived workflow runs nothing: its pin goes with its active status.
      data: {
        status: archived ? "ARCHIVED" : "DRAFT",
        publishedVersionId: null,
        publishedAt: null,
        updatedById: actingUserId(actor),
      },
    });
    if (archived) {
      await tx.workflowTrigger.updateMany({ where: { workflowId, active: true }, data: { active: false } });
    }
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: archived ? "workflow.archived" : "workflow.unarchived",
      targetType: "workflow",
      targetId: workflowId,
    });
    if (archived && row.status === "ACTIVE")
      await emit(tx, scope.projectId, "workflow.deactivated", { workflowId, version: row.version });
  });
  return getWorkflowSummary(scope.projectId, workflowId);
}

export interface SaveResultDto {
  version: number;
  updatedAt: string;
  problems: Problem[];
}

/**
 * Saves a definition if it is based on the current version (or `overwrite` is set), appending a version
 * row. A stale save is a `conflict` whose details carry the current version, for "reload or overwrite".
 * Saving never checks problems (drafts are incomplete while being edited); activation does.
 */
export async function saveDefinition(
  scope: Scope,
  actor: Actor,
  input: { workflowId: string; definition: WorkflowDefinition; expectedVersion: number; overwrite: boolean },
): Promise<SaveResultDto> {
  const saved = await db().$transaction(async (tx) => {
    const row = await lockWorkflow(tx, scope.projectId, input.workflowId);
    if (!input.overwrite && row.version !== input.expectedVersion) throw staleVersion(row);
    const out = await writeVersion(tx, scope, actor, row, input.definition, null, !input.overwrite);
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.saved",
      targetType: "workflow",
      targetId: input.workflowId,
      data: { version: out.version, basedOn: input.expectedVersion, overwrite: input.overwrite },
    });
    return out;
  });
  return { ...saved, problems: await problemsFor(scope.projectId, input.workflowId, input.definition) };
}

/** Restoring appends a new version with the old definition; history is never rewritten. */
export async function restoreVersion(
  scope: Scope,
  actor: Actor,
  input: { workflowId: string; version: number; expectedVersion?: number },
): Promise<SaveResultDto & { definition: WorkflowDefinition }> {
  const out = await db().$transaction(async (tx) => {
    const row = await lockWorkflow(tx, scope.projectId, input.workflowId);
    if (input.expectedVersion !== undefined && row.version !== input.expectedVersion) throw staleVersion(row);
    const old = await tx.workflowVersion.findFirst({
      where: { projectId: scope.projectId, workflowId: input.workflowId, version: input.version },
      select: { definition: true },
    });
    if (!old) throw new AppError("not_found", `Version ${input.version} of this workflow does not exist.`);
    const definition = asDefinition(old.definition);
    const saved = await writeVersion(
      tx,
      scope,
      actor,
      row,
      definition,
      `Restored from version ${input.version}`,
    );
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.version_restored",
      targetType: "workflow",
      targetId: input.workflowId,
      data: { restored: input.version, version: saved.version },
    });
    return { ...saved, definition };
  });
  return { ...out, problems: await problemsFor(scope.projectId, input.workflowId, out.definition) };
}

/**
 * Copies the source's definition into the target (dev → production) as a new target version. The target
 * must still be at the version the diff was shown for, or the user would confirm a diff that is no longer
 * what happens.
 */
export async function promoteWorkflow(
  scope: Scope,
  actor: Actor,
  input: { sourceId: string; targetId: string; expectedTargetVersion: number },
): Promise<SaveResultDto> {
  const out = await db().$transaction(async (tx) => {
    // Lock in id order so two opposite promotions cannot deadlock.
    const [first, second] = [input.sourceId, input.targetId].sort();
    const a = await lockWorkflow(tx, scope.projectId, first as string);
    const b = await lockWorkflow(tx, scope.projectId, second as string);
    const source = a.id === input.sourceId ? a : b;
    const target = a.id === input.targetId ? a : b;
    if (target.version !== input.expectedTargetVersion) throw staleVersion(target);
    const definition = asDefinition(source.definition);
    const saved = await writeVersion(
      tx,
      scope,
      actor,
      target,
      definition,
      `Promoted from "${source.name}" version ${source.version}`,
    );
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.promoted",
      targetType: "workflow",
      targetId: target.id,
      data: { sourceId: source.id, sourceVersion: source.version, version: saved.version },
    });
    return { ...saved, definition };
  });
  return {
    version: out.version,
    updatedAt: out.updatedAt,
    problems: await problemsFor(scope.projectId, input.targetId, out.definition),
  };
}

/**
 * Activation publishes: it validates the current draft and pins its version, which is what the engine
 * runs (`getPublishedVersion`) until the next activation; later autosaves only edit the draft.
 * Activating an active workflow whose draft changed publishes the draft. Deactivation drops the pin, so
 * nothing runs. Validation runs with the row locked, so a save cannot slip in between.
 */
export async function setWorkflowStatus(
  scope: Scope,
  actor: Actor,
  { workflowId, status }: { workflowId: string; status: "ACTIVE" | "DRAFT" },
): Promise<WorkflowSummaryDto> {
  await db().$transaction(async (tx) => {
    const row = await lockWorkflow(tx, scope.projectId, workflowId);
    if (row.status === "ARCHIVED") {
      throw new AppError("validation", "This workflow is archived: unarchive it first.");
    }
    if (status === "DRAFT") {
      if (row.status === "DRAFT") return;
      await tx.workflow.update({
        where: { id: workflowId },
        data: { status, publishedVersionId: null, publishedAt: null, updatedById: actingUserId(actor) },
      });
      await audit(tx, scope.projectId, {
        ...actorColumns(actor),
        action: "workflow.deactivated",
        targetType: "workflow",
        targetId: workflowId,
      });
      await emit(tx, scope.projectId, "workflow.deactivated", { workflowId, version: row.version });
      return;
    }
    const current = await tx.workflowVersion.findFirst({
      where: { workflowId, version: row.version },
      select: { id: true },
    });
    if (row.status === "ACTIVE" && current && row.publishedVersionId === current.id) return;
    const problems = await problemsFor(scope.projectId, workflowId, asDefinition(row.definition), tx);
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length) {
      throw new AppError(
        "validation",
        `This workflow has ${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before it can be activated.`,
        { details: { problems } },
      );
    }
    const now = new Date();
    // Retention may have pruned the row of an old version; pin a fresh copy of the definition then.
    const pinned =
      current ??
      (await tx.workflowVersion.create({
        data: {
          projectId: scope.projectId,
          workflowId,
          version: row.version,
          definition: json(asDefinition(row.definition)),
          note: "Published",
          createdById: actingUserId(actor),
        },
        select: { id: true },
      }));
    await tx.workflowVersion.update({ where: { id: pinned.id }, data: { publishedAt: now } });
    await tx.workflow.update({
      where: { id: workflowId },
      data: { status, publishedVersionId: pinned.id, publishedAt: now, updatedById: actingUserId(actor) },
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "workflow.activated",
      targetType: "workflow",
      targetId: workflowId,
      data: { version: row.version, republished: row.status === "ACTIVE" },
    });
    await emit(tx, scope.projectId, "workflow.activated", { workflowId, version: row.version });
  });
  return getWorkflowSummary(scope.projectId, workflowId);
}

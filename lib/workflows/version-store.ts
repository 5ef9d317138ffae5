import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import type { Actor, Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { actingUserId } from "./actor";
import { asDefinition, notFound } from "./data";
import type { WorkflowDefinition } from "./definition";
import { promotionDiff } from "./promotion";
import { coalescesInto, compactChanges } from "./versions";

// The row lock and version writing every workflow mutation shares (mutations.ts), kept apart so the
// mutations read as what they do. Everything here runs inside the caller's transaction.

export type Tx = Prisma.TransactionClient;
export const json = (d: WorkflowDefinition) => d as unknown as Prisma.InputJsonValue;

export interface Locked {
  id: string;
  name: string;
  status: "DRAFT" | "ACTIVE" | "ARCHIVED";
  version: number;
  definition: Prisma.JsonValue;
  updatedAt: Date;
  updatedByName: string | null;
  publishedVersionId: string | null;
}

/**
 * Locks a workflow row for the rest of the transaction, so the version check and the bump that follows
 * cannot interleave with another save. Another project's id is simply not found.
 */
export async function lockWorkflow(tx: Tx, projectId: ProjectId, id: string): Promise<Locked> {
  const [row] = await tx.$queryRaw<Locked[]>`
    SELECT w.id, w.name, w.status::text AS status, w.version, w.definition, w."updatedAt",
      w."publishedVersionId", COALESCE(u.name, u.email) AS "updatedByName"
    FROM "Workflow" w LEFT JOIN "User" u ON u.id = w."updatedById"
    WHERE w.id = ${id} AND w."projectId" = ${projectId}
    FOR UPDATE OF w`;
  if (!row) throw notFound();
  return row;
}

export function staleVersion(row: Locked): AppError {
  const who = row.updatedByName ?? "Someone else";
  return new AppError(
    "conflict",
    `${who} saved this workflow since you loaded it (it is now at version ${row.version}). Reload to see those changes, or overwrite them with yours.`,
    {
      details: {
        currentVersion: row.version,
        updatedAt: new Date(row.updatedAt).toISOString(),
        updatedBy: row.updatedByName,
      },
    },
  );
}

/**
 * Replaces the draft definition and records the version: a new row, or (autosaves of one editing burst,
 * see versions.ts) the newest row updated in place. Either way `Workflow.version` bumps, so optimistic
 * concurrency sees every save, and the newest row's number is the workflow's version. Published rows
 * are never rewritten: an active workflow keeps running exactly what was activated.
 */
export async function writeVersion(
  tx: Tx,
  scope: Scope,
  actor: Actor,
  row: Locked,
  definition: WorkflowDefinition,
  note: string | null,
  /** False for an overwrite after a conflict: what it replaces stays restorable as its own version. */
  coalesce = note === null,
): Promise<{ version: number; updatedAt: string }> {
  const version = row.version + 1;
  const now = new Date();
  const updated = await tx.workflow.update({
    where: { id: row.id },
    data: { definition: json(definition), version, updatedById: actingUserId(actor) },
    select: { updatedAt: true },
  });
  const latest = await tx.workflowVersion.findFirst({
    where: { workflowId: row.id },
    orderBy: { version: "desc" },
    select: {
      id: true,
      version: true,
      note: true,
      createdById: true,
      createdAt: true,
      updatedAt: true,
      publishedAt: true,
    },
  });
  if (
    coalesce &&
    latest &&
    latest.version === row.version &&
    coalescesInto(latest, actingUserId(actor), now)
  ) {
    // The burst's changes are measured from the version before it, not from the previous save.
    const base = await tx.workflowVersion.findFirst({
      where: { workflowId: row.id, version: { lt: latest.version } },
      orderBy: { version: "desc" },
      select: { definition: true },
    });
    const changes = base ? compactChanges(promotionDiff(definition, asDefinition(base.definition))) : null;
    await tx.workflowVersion.update({
      where: { id: latest.id },
      data: {
        version,
        definition: json(definition),
        changes: changes ?? undefined,
        updatedAt: now,
        saveCount: { increment: 1 },
      },
    });
  } else {
    await tx.workflowVersion.create({
      data: {
        projectId: scope.projectId,
        workflowId: row.id,
        version,
        definition: json(definition),
        note,
        changes: compactChanges(promotionDiff(definition, asDefinition(row.definition))),
        createdById: actingUserId(actor),
        createdAt: now,
        updatedAt: now,
      },
    });
  }
  await emit(tx, scope.projectId, "workflow.saved", { workflowId: row.id, version });
  return { version, updatedAt: updated.updatedAt.toISOString() };
}

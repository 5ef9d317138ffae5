import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type WorkflowDefinition, workflowDefinitionSchema } from "./definition";
import { type PromotionDiff, promotionDiff } from "./promotion";
import type { ListWorkflowsInput, WorkflowStatus } from "./schema";
import { listTriggers, type TriggerDto } from "./triggers";
import { type Problem, type ValidationContext, validateWorkflow } from "./validate";
import type { VersionChanges } from "./versions";

/** The client or a transaction's client. */
type Db = Prisma.TransactionClient;

export interface UserRefDto {
  id: string;
  name: string | null;
  email: string;
}

export interface WorkflowSummaryDto {
  id: string;
  name: string;
  description: string;
  status: WorkflowStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Who saved or edited it last (null for API writes and deleted users). */
  updatedBy: UserRefDto | null;
  /** The version an ACTIVE workflow runs (pinned at activation); null when it is not active. */
  publishedVersion: number | null;
  publishedAt: string | null;
  /** Active, and the draft has been saved since it was published: "Draft has unpublished changes". */
  hasUnpublishedChanges: boolean;
}

export interface WorkflowDetailDto extends WorkflowSummaryDto {
  definition: WorkflowDefinition;
  /** validateWorkflow's findings with the project's templates and call graph. */
  problems: Problem[];
  triggers: TriggerDto[];
}

export interface WorkflowVersionDto {
  version: number;
  note: string | null;
  createdAt: string;
  createdBy: UserRefDto | null;
  nodeCount: number;
  edgeCount: number;
  /** Last save folded into this version (autosaves of one editing burst share a version). */
  updatedAt: string;
  saveCount: number;
  /** What it changed against the version before (null for the first and for rows older than this). */
  changes: VersionChanges | null;
  /** Was published at some point; `live` when it is what the active workflow runs now. */
  published: boolean;
  live: boolean;
}

const userRef = { select: { id: true, name: true, email: true } } as const;
const summarySelect = {
  id: true,
  name: true,
  description: true,
  status: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  updatedBy: userRef,
  publishedAt: true,
  publishedVersion: { select: { version: true } },
} as const;

type SummaryRow = Prisma.WorkflowGetPayload<{ select: typeof summarySelect }>;

const toSummary = (r: SummaryRow): WorkflowSummaryDto => ({
  id: r.id,
  name: r.name,
  description: r.description,
  status: r.status,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  updatedBy: r.updatedBy,
  publishedVersion: r.publishedVersion?.version ?? null,
  publishedAt: r.publishedAt?.toISOString() ?? null,
  hasUnpublishedChanges: r.status === "ACTIVE" && r.publishedVersion?.version !== r.version,
});

/**
 * A stored definition, parsed (not cast): every write validates it, but a row edited by hand or by an
 * older release must fail here, loudly, rather than deep inside the canvas or the engine.
 */
export function asDefinition(json: Prisma.JsonValue): WorkflowDefinition {
  const r = workflowDefinitionSchema.safeParse(json);
  if (r.success) return r.data;
  console.error("[workflows] stored definition does not parse", r.error.issues.slice(0, 5));
  throw new AppError("internal", "This workflow's stored definition is damaged and cannot be opened.");
}

export const notFound = () => new AppError("not_found", "Workflow not found.");

export async function listWorkflows(
  projectId: ProjectId,
  filter: Omit<ListWorkflowsInput, "projectId">,
  paging: { page: number; perPage: number } = { page: 1, perPage: 500 },
): Promise<{ items: WorkflowSummaryDto[]; totalCount: number }> {
  const where: Prisma.WorkflowWhereInput = {
    projectId,
    ...(filter.search ? { name: { contains: filter.search, mode: "insensitive" } } : {}),
    ...(filter.status === "ALL"
      ? {}
      : filter.status
        ? { status: filter.status }
        : { status: { in: ["DRAFT", "ACTIVE"] } }),
  };
  const [rows, totalCount] = await Promise.all([
    db().workflow.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (paging.page - 1) * paging.perPage,
      take: paging.perPage,
      select: summarySelect,
    }),
    db().workflow.count({ where }),
  ]);
  return { items: rows.map(toSummary), totalCount };
}

export async function getWorkflowSummary(
  projectId: ProjectId,
  workflowId: string,
): Promise<WorkflowSummaryDto> {
  const row = await db().workflow.findFirst({ where: { id: workflowId, projectId }, select: summarySelect });
  if (!row) throw notFound();
  return toSummary(row);
}

export async function getWorkflowDefinition(
  projectId: ProjectId,
  workflowId: string,
): Promise<WorkflowDefinition> {
  const row = await db().workflow.findFirst({
    where: { id: workflowId, projectId },
    select: { definition: true },
  });
  if (!row) throw notFound();
  return asDefinition(row.definition);
}

/** Everything the canvas needs to open a workflow. */
export async function getWorkflow(projectId: ProjectId, workflowId: string): Promise<WorkflowDetailDto> {
  const row = await db().workflow.findFirst({
    where: { id: workflowId, projectId },
    select: { ...summarySelect, definition: true },
  });
  if (!row) throw notFound();
  const definition = asDefinition(row.definition);
  const [problems, triggers] = await Promise.all([
    problemsFor(projectId, workflowId, definition),
    listTriggers(projectId, workflowId),
  ]);
  return { ...toSummary(row), definition, problems, triggers };
}

/**
 * The lookups validateWorkflow needs: the project's templates (by our id and by Meta's id, since a node
 * may store either) and every workflow's called workflow ids. The call ids are pulled out in SQL so a
 * project with large graphs does not ship every definition to the server to find a few ids.
 */
export async function validationContext(
  projectId: ProjectId,
  workflowId?: string,
  /** Inside a transaction pass its client: PGlite has one connection, so an outside query would wait forever. */
  client: Db = db(),
): Promise<ValidationContext> {
  const [numbers, templates, calls] = await Promise.all([
    client.phoneNumber.findMany({ where: { projectId }, select: { id: true, phoneNumberId: true } }),
    client.messageTemplate.findMany({
      where: { projectId },
      select: { id: true, metaTemplateId: true, name: true, status: true },
    }),
    client.$queryRaw<{ id: string; calls: unknown }[]>`
      SELECT id, jsonb_path_query_array(definition,
        '$.nodes[*] ? (@.data.node_type == "call").data.config.workflow_id') AS calls
      FROM "Workflow" WHERE "projectId" = ${projectId}`,
  ]);
  const templateMap = new Map<string, { name: string; status: string }>();
  for (const t of templates) {
    templateMap.set(t.metaTemplateId, { name: t.name, status: t.status });
    templateMap.set(t.id, { name: t.name, status: t.status });
  }
  const workflowCalls = new Map<string, string[]>();
  for (const r of calls) {
    const ids = Array.isArray(r.calls)
      ? r.calls.filter((x): x is string => typeof x === "string" && !!x)
      : [];
    workflowCalls.set(r.id, [...new Set(ids)]);
  }
  const numberIds = new Set(numbers.flatMap((n) => [n.id, n.phoneNumberId]));
  return { templates: templateMap, workflowCalls, workflowId, numbers: numberIds };
}

export async function problemsFor(
  projectId: ProjectId,
  workflowId: string,
  definition: WorkflowDefinition,
  client: Db = db(),
): Promise<Problem[]> {
  return validateWorkflow(definition, await validationContext(projectId, workflowId, client));
}

export async function listVersions(
  projectId: ProjectId,
  workflowId: string,
  opts: { before?: number; limit: number } = { limit: 50 },
): Promise<WorkflowVersionDto[]> {
  await getWorkflowSummary(projectId, workflowId); // 404 for another project's id
  // Counts come from SQL: version rows hold whole graphs and a list only needs their size.
  const rows = await db().$queryRaw<
    {
      id: string;
      version: number;
      note: string | null;
      createdAt: Date;
      updatedAt: Date;
      saveCount: number;
      changes: unknown;
      publishedAt: Date | null;
      live: boolean;
      userId: string | null;
      userName: string | null;
      userEmail: string | null;
      nodeCount: number;
      edgeCount: number;
    }[]
  >`
    SELECT v.id, v.version, v.note, v."createdAt", v."updatedAt", v."saveCount", v.changes, v."publishedAt",
      (w."publishedVersionId" IS NOT NULL AND w."publishedVersionId" = v.id) AS live,
      u.id AS "userId", u.name AS "userName", u.email AS "userEmail",
      COALESCE(jsonb_array_length(v.definition->'nodes'), 0)::int AS "nodeCount",
      COALESCE(jsonb_array_length(v.definition->'edges'), 0)::int AS "edgeCount"
    FROM "WorkflowVersion" v
      JOIN "Workflow" w ON w.id = v."workflowId"
      LEFT JOIN "User" u ON u.id = v."createdById"
    WHERE v."projectId" = ${projectId} AND v."workflowId" = ${workflowId} AND v.version < ${opts.before ?? 2_147_483_647}
    ORDER BY v.version DESC LIMIT ${opts.limit}`;
  return rows.map((r) => ({
    version: r.version,
    note: r.note,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    saveCount: r.saveCount,
    createdBy: r.userId ? { id: r.userId, name: r.userName, email: r.userEmail ?? "" } : null,
    nodeCount: r.nodeCount,
    edgeCount: r.edgeCount,
    changes: (r.changes as VersionChanges | null) ?? null,
    published: r.publishedAt !== null,
    live: r.live,
  }));
}

/**
 * What the engine runs for a workflow: the pinned version while it is ACTIVE, nothing otherwise. Edits
 * to the draft after activation are not seen here until the next activation.
 */
export async function getPublishedVersion(
  projectId: ProjectId,
  workflowId: string,
  client: Db = db(),
): Promise<{ version: number; definition: WorkflowDefinition } | null> {
  const row = await client.workflow.findFirst({
    where: { id: workflowId, projectId, status: "ACTIVE" },
    select: { publishedVersion: { select: { version: true, definition: true } } },
  });
  if (!row?.publishedVersion) return null;
  return { version: row.publishedVersion.version, definition: asDefinition(row.publishedVersion.definition) };
}

export async function getVersion(
  projectId: ProjectId,
  workflowId: string,
  version: number,
): Promise<{ version: number; definition: WorkflowDefinition; note: string | null; createdAt: string }> {
  const row = await db().workflowVersion.findFirst({
    where: { projectId, workflowId, version },
    select: { version: true, definition: true, note: true, createdAt: true },
  });
  if (!row) throw new AppError("not_found", `Version ${version} of this workflow does not exist.`);
  return { ...row, definition: asDefinition(row.definition), createdAt: row.createdAt.toISOString() };
}

export interface PromotionPreviewDto {
  source: { id: string; name: string; version: number };
  target: { id: string; name: string; version: number };
  diff: PromotionDiff;
}

/** What promoting would change in the target, shown before the user confirms. */
export async function previewPromotion(
  projectId: ProjectId,
  sourceId: string,
  targetId: string,
): Promise<PromotionPreviewDto> {
  const rows = await db().workflow.findMany({
    where: { projectId, id: { in: [sourceId, targetId] } },
    select: { id: true, name: true, version: true, definition: true },
  });
  const source = rows.find((r) => r.id === sourceId);
  const target = rows.find((r) => r.id === targetId);
  if (!source || !target) throw notFound();
  return {
    source: { id: source.id, name: source.name, version: source.version },
    target: { id: target.id, name: target.name, version: target.version },
    diff: promotionDiff(asDefinition(source.definition), asDefinition(target.definition)),
  };
}

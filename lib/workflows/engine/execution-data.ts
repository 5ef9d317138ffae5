import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { keyset, limitOf, page } from "@/lib/conversations/paging";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { asDefinition } from "../data";
import { NODE_LABELS } from "../definition";
import type { Environment } from "../env";
import { workflowVariables } from "../env";
import { executionEnv } from "../env-variables";
import { fromDb } from "./status";
import { redactor } from "./template";

// Reads of executions for the Platform API, the executions page, the canvas and the inbox. Variables
// pass through a redactor built from the workflow's secret values: a secret never leaves in a read.

const select = {
  id: true,
  projectId: true,
  workflowId: true,
  version: true,
  status: true,
  triggerType: true,
  trackingId: true,
  environment: true,
  observer: true,
  conversationId: true,
  phoneNumberId: true,
  contactPhone: true,
  parentExecutionId: true,
  callDepth: true,
  vars: true,
  context: true,
  system: true,
  metadata: true,
  lastUserInput: true,
  currentNodeId: true,
  stepCount: true,
  waitingUntil: true,
  error: true,
  startedAt: true,
  updatedAt: true,
  endedAt: true,
  workflow: { select: { name: true } },
  workflowVersionId: true,
} as const;
type Row = Prisma.WorkflowExecutionGetPayload<{ select: typeof select }>;

/** Kapso's execution object (snake_case), plus what the executions page shows. */
export interface ExecutionJson {
  id: string;
  workflow_id: string;
  workflow_name: string;
  workflow_version: number;
  status: string;
  tracking_id: string;
  trigger_type: string;
  environment: string;
  observer_mode: boolean;
  whatsapp_conversation_id: string | null;
  phone_number: string | null;
  parent_execution_id: string | null;
  call_depth: number;
  current_step: { id: string; node_type: string | null; display_name: string | null } | null;
  variables: Record<string, unknown>;
  context: Record<string, unknown>;
  system: Record<string, unknown>;
  last_user_input: string | null;
  step_count: number;
  waiting_until: string | null;
  error: Record<string, unknown> | null;
  started_at: string;
  updated_at: string;
  ended_at: string | null;
  duration_ms: number;
}

type Redact = <T>(v: T) => T;

async function redactFor(projectId: string, workflowId: string, environment: string): Promise<Redact> {
  const { secrets } = await executionEnv(
    projectId as ProjectId,
    workflowId,
    environment as Environment,
  ).catch(() => ({ secrets: [] as string[] }));
  return redactor(secrets);
}

// Node names for current_step, per published version (they never change).
const nodeNames = new Map<string, Map<string, { type: string; name: string | null }>>();
async function nodesOf(versionId: string) {
  const hit = nodeNames.get(versionId);
  if (hit) return hit;
  const v = await db().workflowVersion.findUnique({ where: { id: versionId }, select: { definition: true } });
  const m = new Map<string, { type: string; name: string | null }>();
  if (v)
    for (const n of asDefinition(v.definition).nodes)
      m.set(n.id, { type: n.data.node_type, name: n.data.display_name ?? null });
  if (nodeNames.size > 500) nodeNames.delete(nodeNames.keys().next().value as string);
  nodeNames.set(versionId, m);
  return m;
}

type StepRef = NonNullable<ExecutionJson["current_step"]>;

function stepOf(nodes: Map<string, { type: string; name: string | null }>, id: string): StepRef {
  const node = nodes.get(id);
  return {
    id,
    node_type: node?.type ?? null,
    display_name: node?.name ?? (node ? ((NODE_LABELS as Record<string, string>)[node.type] ?? null) : null),
  };
}

const o = (v: Prisma.JsonValue | null): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

async function toJson(r: Row, redact: Redact): Promise<ExecutionJson> {
  const nodes = await nodesOf(r.workflowVersionId);
  const system = { ...o(r.system) };
  return {
    id: r.id,
    workflow_id: r.workflowId,
    workflow_name: r.workflow.name,
    workflow_version: r.version,
    status: fromDb(r.status),
    tracking_id: r.trackingId,
    trigger_type: r.triggerType,
    environment: r.environment,
    observer_mode: r.observer,
    whatsapp_conversation_id: r.conversationId,
    phone_number: r.contactPhone,
    parent_execution_id: r.parentExecutionId,
    call_depth: r.callDepth,
    current_step: r.currentNodeId ? stepOf(nodes, r.currentNodeId) : null,
    variables: redact(o(r.vars)),
    context: redact(o(r.context)),
    system: redact(system),
    last_user_input: r.lastUserInput === null ? null : redact(r.lastUserInput),
    step_count: r.stepCount,
    waiting_until: r.waitingUntil?.toISOString() ?? null,
    error: r.error ? redact(o(r.error)) : null,
    started_at: r.startedAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    ended_at: r.endedAt?.toISOString() ?? null,
    duration_ms: (r.endedAt ?? new Date()).getTime() - r.startedAt.getTime(),
  };
}

async function manyToJson(rows: Row[]): Promise<ExecutionJson[]> {
  const redactors = new Map<string, Redact>();
  const out: ExecutionJson[] = [];
  for (const r of rows) {
    const key = `${r.workflowId}:${r.environment}`;
    let redact = redactors.get(key);
    if (!redact) {
      redact = await redactFor(r.projectId, r.workflowId, r.environment);
      redactors.set(key, redact);
    }
    out.push(await toJson(r, redact));
  }
  return out;
}

export const executionNotFound = () => new AppError("not_found", "Execution not found.");

export async function getExecution(projectId: ProjectId, id: string): Promise<ExecutionJson> {
  const r = await db().workflowExecution.findFirst({ where: { id, projectId }, select });
  if (!r) throw executionNotFound();
  return toJson(r, await redactFor(r.projectId, r.workflowId, r.environment));
}

const STATUS_FILTER = new Set(["running", "waiting", "handoff", "ended", "failed"]);

/** A workflow's executions, newest first, with Kapso's cursors (`limit`, `after`, `before`, `status`). */
export async function listWorkflowExecutions(projectId: ProjectId, workflowId: string, url: URL) {
  const wf = await db().workflow.findFirst({ where: { id: workflowId, projectId }, select: { id: true } });
  if (!wf) throw new AppError("not_found", "Workflow not found.");
  return listWhere(projectId, { workflowId }, url);
}

export async function listConversationExecutions(projectId: ProjectId, conversationId: string, url: URL) {
  const c = await db().conversation.findFirst({
    where: { id: conversationId, projectId },
    select: { id: true },
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  return listWhere(projectId, { conversationId }, url);
}

async function listWhere(projectId: ProjectId, where: Prisma.WorkflowExecutionWhereInput, url: URL) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const status = q.get("status");
  if (status !== null && !STATUS_FILTER.has(status))
    throw new AppError("validation", "status must be one of running, waiting, handoff, ended, failed", {
      fields: { status: "Invalid status" },
    });
  const ks = keyset(q, "startedAt");
  const rows = await db().workflowExecution.findMany({
    where: {
      projectId,
      ...where,
      ...(status ? { status: status.toUpperCase() as Row["status"] } : {}),
      ...ks.where,
    },
    orderBy: ks.asc ? [{ startedAt: "asc" }, { id: "asc" }] : [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select,
  });
  const p = page(rows, limit, (r) => ({ t: r.startedAt.toISOString(), id: r.id }), url, ks.direction);
  return { ...p, data: await manyToJson(p.data) };
}

export interface ExecutionEventJson {
  id: string;
  execution_id: string;
  event_type: string;
  step_id: string | null;
  node_type: string | null;
  step_count: number;
  payload: Record<string, unknown>;
  variables: Record<string, unknown> | null;
  created_at: string;
}

/** An execution's events, oldest first, paged by `after` (the last event id seen) and `limit`. */
export async function listExecutionEvents(projectId: ProjectId, executionId: string, url: URL) {
  const exec = await db().workflowExecution.findFirst({
    where: { id: executionId, projectId },
    select: { id: true, projectId: true, workflowId: true, environment: true },
  });
  if (!exec) throw executionNotFound();
  const q = url.searchParams;
  const limit = q.get("limit") === null ? 100 : limitOf(q);
  const after = q.get("after");
  if (after !== null && !/^\d{1,18}$/.test(after))
    throw new AppError("validation", "after must be an event id from a previous page", {
      fields: { after: "Invalid cursor" },
    });
  const rows = await db().workflowExecutionEvent.findMany({
    where: { executionId, ...(after ? { id: { gt: BigInt(after) } } : {}) },
    orderBy: { id: "asc" },
    take: limit + 1,
  });
  const redact = await redactFor(exec.projectId, exec.workflowId, exec.environment);
  const more = rows.length > limit;
  const data = rows.slice(0, limit).map(
    (e): ExecutionEventJson => ({
      id: String(e.id),
      execution_id: e.executionId,
      event_type: e.type,
      step_id: e.nodeId,
      node_type: e.nodeType,
      step_count: e.stepCount,
      payload: redact(o(e.payload)),
      variables: e.vars ? redact(o(e.vars)) : null,
      created_at: e.createdAt.toISOString(),
    }),
  );
  const last = data.at(-1);
  const next = new URL(`${url.pathname}${url.search}`, "http://x");
  if (last) next.searchParams.set("after", last.id);
  return {
    data,
    paging: {
      cursors: { after: last?.id ?? after ?? "" },
      ...(more && last ? { next: `${url.pathname}?${next.searchParams.toString()}` } : {}),
    },
  };
}

/** Kapso's GET /workflows/{id}/variables: the variables a workflow's current definition writes and reads. */
export async function workflowVariablesOf(projectId: ProjectId, workflowId: string) {
  const wf = await db().workflow.findFirst({
    where: { id: workflowId, projectId },
    select: { definition: true },
  });
  if (!wf) throw new AppError("not_found", "Workflow not found.");
  const v = workflowVariables(asDefinition(wf.definition));
  const names = [...new Set([...v.defined, ...v.used])].sort();
  return names.map((name) => ({
    name,
    reference: `{{vars.${name}}}`,
    defined: v.defined.includes(name),
    used: v.used.includes(name),
  }));
}

// ---- what the runner reads ------------------------------------------------------------------

/** A project template by our id or Meta's id (approved or not: the activation check has spoken). */
export async function templateFor(projectId: string, id: string) {
  if (!id) return null;
  return db().messageTemplate.findFirst({
    where: { projectId, OR: [{ id }, { metaTemplateId: id }] },
    select: { name: true, language: true },
  });
}

/** The project's first number: where an API-triggered execution without one sends from (Kapso's default). */
export async function defaultNumberId(projectId: string): Promise<string | null> {
  const n = await db().phoneNumber.findFirst({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  return n?.id ?? null;
}

// ---- the dashboard's executions page and the canvas ---------------------------------------------

/** One page of a workflow's executions for the dashboard (newest first, 50). */
export async function executionsForPage(
  projectId: ProjectId,
  workflowId: string,
  status?: string,
): Promise<(ExecutionJson & { last_step: StepRef | null })[]> {
  const url = new URL(`http://dashboard/?limit=50${status ? `&status=${encodeURIComponent(status)}` : ""}`);
  const rows = (await listWorkflowExecutions(projectId, workflowId, url)).data;
  // A run that has finished has no current step (the API's current_step is null): the list shows the
  // step it finished on, the node of its newest event that names one.
  const done = rows.filter((r) => r.current_step === null).map((r) => r.id);
  const last = new Map<string, StepRef>();
  if (done.length > 0) {
    const found = await db().$queryRaw<{ executionId: string; nodeId: string; versionId: string }[]>`
      SELECT DISTINCT ON (e."executionId") e."executionId", e."nodeId", x."workflowVersionId" AS "versionId"
      FROM "WorkflowExecutionEvent" e JOIN "WorkflowExecution" x ON x.id = e."executionId"
      WHERE e."executionId" = ANY(${done}::text[]) AND x."projectId" = ${projectId} AND e."nodeId" IS NOT NULL
      ORDER BY e."executionId", e.id DESC`;
    for (const f of found) last.set(f.executionId, stepOf(await nodesOf(f.versionId), f.nodeId));
  }
  return rows.map((r) => ({ ...r, last_step: r.current_step ?? last.get(r.id) ?? null }));
}

export interface TranscriptLine {
  id: string;
  direction: "inbound" | "outbound";
  text: string;
  at: string;
  status: string;
}

export interface ExecutionDetail {
  execution: ExecutionJson;
  events: ExecutionEventJson[];
  /** The steps in the order they ran (node ids, repeats kept), for the path on the canvas. */
  path: string[];
  transcript: TranscriptLine[];
}

function messageText(type: string, content: Record<string, unknown>): string {
  const at = (k: string) =>
    content[k] && typeof content[k] === "object" ? (content[k] as Record<string, unknown>) : {};
  if (type === "text") return String(at("text").body ?? "");
  if (type === "template") return `Template ${String(at("template").name ?? "")}`;
  if (type === "interactive") {
    const i = at("interactive");
    const reply = (i.button_reply ?? i.list_reply) as { title?: string } | undefined;
    if (reply?.title) return reply.title;
    return String((i.body as { text?: string } | undefined)?.text ?? "Interactive message");
  }
  if (type === "button") return String(at("button").text ?? "");
  return `(${type})`;
}

/** An execution with its whole event log, its path and the conversation's messages while it ran. */
export async function executionDetail(projectId: ProjectId, executionId: string): Promise<ExecutionDetail> {
  const execution = await getExecution(projectId, executionId);
  const url = new URL("http://dashboard/?limit=100");
  const events: ExecutionEventJson[] = [];
  for (let i = 0; i < 20; i++) {
    const page = await listExecutionEvents(projectId, executionId, url);
    events.push(...page.data);
    if (!page.paging.next) break;
    url.searchParams.set("after", page.paging.cursors.after);
  }
  const path: string[] = [];
  for (const e of events)
    if (
      (e.event_type === "step_completed" ||
        e.event_type === "step_failed" ||
        e.event_type === "execution_waiting") &&
      e.step_id &&
      path.at(-1) !== e.step_id
    )
      path.push(e.step_id);
  if (execution.current_step && path.at(-1) !== execution.current_step.id && execution.status !== "ended")
    path.push(execution.current_step.id);
  const transcript: TranscriptLine[] = [];
  if (execution.whatsapp_conversation_id) {
    const until = execution.ended_at ? new Date(new Date(execution.ended_at).getTime() + 5000) : undefined;
    const rows = await db().message.findMany({
      where: {
        projectId,
        conversationId: execution.whatsapp_conversation_id,
        createdAt: {
          gte: new Date(new Date(execution.started_at).getTime() - 5000),
          ...(until ? { lte: until } : {}),
        },
      },
      orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
      take: 200,
      select: { id: true, direction: true, type: true, content: true, createdAt: true, status: true },
    });
    for (const m of rows)
      transcript.push({
        id: m.id,
        direction: m.direction === "INBOUND" ? "inbound" : "outbound",
        text: messageText(m.type, o(m.content)),
        at: m.createdAt.toISOString(),
        status: m.status.toLowerCase(),
      });
  }
  return { execution, events, path, transcript };
}

/** The conversation's live execution, for the inbox thread (which workflow is talking). */
export async function liveExecutionOfConversation(projectId: ProjectId, conversationId: string) {
  const r = await db().workflowExecution.findFirst({
    where: {
      projectId,
      conversationId,
      observer: false,
      parentExecutionId: null,
    },
    orderBy: { startedAt: "desc" },
    select,
  });
  if (!r) return null;
  return toJson(r, await redactFor(r.projectId, r.workflowId, r.environment));
}

/** How many times the execution completed this step before (the idempotency key's visit number). */
export async function completedVisits(executionId: string, nodeId: string | null): Promise<number> {
  if (!nodeId) return 0;
  return db().workflowExecutionEvent.count({ where: { executionId, nodeId, type: "step_completed" } });
}

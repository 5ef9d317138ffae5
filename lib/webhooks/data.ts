import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type DeliveryFilter, PERIODS } from "./schema";

// Reads in Kapso's shapes (the Platform API returns them as they are; the pages use the same DTOs).

const webhookSelect = {
  id: true,
  projectId: true,
  phoneNumberId: true,
  kind: true,
  url: true,
  events: true,
  headers: true,
  active: true,
  pausedAt: true,
  pausedReason: true,
  payloadVersion: true,
  bufferEnabled: true,
  bufferWindowSeconds: true,
  maxBufferSize: true,
  inactivityMinutes: true,
  createdAt: true,
  updatedAt: true,
  number: undefined,
} as const;

type WebhookRow = Prisma.WebhookGetPayload<{ select: Omit<typeof webhookSelect, "number"> }>;

export interface WebhookDto {
  id: string;
  url: string;
  kind: string;
  events: string[];
  active: boolean;
  status: "active" | "paused" | "disabled";
  paused_at: string | null;
  paused_reason: string | null;
  project_id: string;
  phone_number_id: string | null;
  /** Our PhoneNumber id (pages). */
  number_id: string | null;
  headers: Record<string, string>;
  buffer_enabled: boolean;
  buffer_window_seconds: number;
  max_buffer_size: number;
  buffer_events: string[];
  inactivity_minutes: number;
  payload_version: string;
  created_at: string;
  updated_at: string;
}

export function toWebhookDto(w: WebhookRow, metaNumberId: string | null): WebhookDto {
  return {
    id: w.id,
    url: w.url,
    kind: w.kind,
    events: w.events,
    active: w.active,
    status: !w.active ? "disabled" : w.pausedAt ? "paused" : "active",
    paused_at: w.pausedAt?.toISOString() ?? null,
    paused_reason: w.pausedReason,
    project_id: w.projectId,
    phone_number_id: metaNumberId,
    number_id: w.phoneNumberId,
    headers: (w.headers ?? {}) as Record<string, string>,
    buffer_enabled: w.bufferEnabled,
    buffer_window_seconds: w.bufferWindowSeconds,
    max_buffer_size: w.maxBufferSize,
    buffer_events: w.bufferEnabled ? ["whatsapp.message.received"] : [],
    inactivity_minutes: w.inactivityMinutes,
    payload_version: w.payloadVersion,
    created_at: w.createdAt.toISOString(),
    updated_at: w.updatedAt.toISOString(),
  };
}

const { number: _n, ...select } = webhookSelect;

async function metaIds(ids: (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((i): i is string => !!i))];
  if (list.length === 0) return new Map();
  const rows = await db().phoneNumber.findMany({
    where: { id: { in: list } },
    select: { id: true, phoneNumberId: true },
  });
  return new Map(rows.map((r) => [r.id, r.phoneNumberId]));
}

/** The project's webhooks; `numberId` (ours) narrows to one number's, `scope` to project or number ones. */
export async function listWebhooks(
  projectId: ProjectId,
  opts: { numberId?: string; scope?: "project" | "number" } = {},
): Promise<WebhookDto[]> {
  const rows = await db().webhook.findMany({
    where: {
      projectId,
      ...(opts.numberId ? { phoneNumberId: opts.numberId } : {}),
      ...(opts.scope === "project"
        ? { phoneNumberId: null }
        : opts.scope === "number"
          ? { phoneNumberId: { not: null } }
          : {}),
    },
    select,
    orderBy: { createdAt: "asc" },
  });
  const ids = await metaIds(rows.map((r) => r.phoneNumberId));
  return rows.map((r) => toWebhookDto(r, r.phoneNumberId ? (ids.get(r.phoneNumberId) ?? null) : null));
}

export async function getWebhook(projectId: ProjectId, id: string): Promise<WebhookDto> {
  const w = await db().webhook.findFirst({ where: { id, projectId }, select });
  if (!w) throw new AppError("not_found", `Webhook ${id} was not found`);
  const ids = await metaIds([w.phoneNumberId]);
  return toWebhookDto(w, w.phoneNumberId ? (ids.get(w.phoneNumberId) ?? null) : null);
}

/** A number of this project by our id or Meta's phone_number_id. */
export async function findNumber(projectId: ProjectId, idOrMetaId: string) {
  return db().phoneNumber.findFirst({
    where: { projectId, OR: [{ id: idOrMetaId }, { phoneNumberId: idOrMetaId }] },
    select: { id: true, phoneNumberId: true, displayPhoneNumber: true },
  });
}

// ---- delivery log ----

export interface AttemptDto {
  id: string;
  delivery_id: string;
  webhook_id: string;
  webhook_url: string;
  event: string;
  status: string;
  attempt: number;
  response_status_code: number | null;
  response_time_ms: number;
  error: string | null;
  request_headers: Record<string, string>;
  payload: string;
  response_body: string | null;
  idempotency_key: string;
  batch_size: number | null;
  created_at: string;
  next_retry_at: string | null;
}

export interface AttemptPage {
  data: AttemptDto[];
  paging: {
    cursors: { before: string | null; after: string | null };
    next: string | null;
    previous: string | null;
  };
}

function attemptWhere(projectId: ProjectId, f: DeliveryFilter): Prisma.WebhookAttemptWhereInput {
  const since = new Date(Date.now() - PERIODS[f.period] * 3600 * 1000);
  return {
    projectId,
    createdAt: { gte: since },
    ...(f.webhook_id ? { webhookId: f.webhook_id } : {}),
    ...(f.event ? { eventType: f.event } : {}),
    ...(f.errors_only === "true" ? { ok: false } : {}),
    ...(f.status ? { delivery: { status: f.status } } : {}),
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}
function decodeCursor(c: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(c, "base64url").toString("utf8").split("|");
  const d = new Date(iso ?? "");
  if (!id || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 9999)
    throw new AppError("validation", "after: not a valid cursor", {
      fields: { after: "Not a valid cursor" },
    });
  return { createdAt: d, id };
}

/** Attempts, most recent first, with Kapso's cursor paging (`after` = older). */
export async function listAttempts(
  projectId: ProjectId,
  f: DeliveryFilter,
  paging: { limit: number; after?: string; baseUrl?: URL },
): Promise<AttemptPage> {
  const where = attemptWhere(projectId, f);
  const cur = paging.after ? decodeCursor(paging.after) : null;
  const rows = await db().webhookAttempt.findMany({
    where: cur
      ? {
          AND: [
            where,
            { OR: [{ createdAt: { lt: cur.createdAt } }, { createdAt: cur.createdAt, id: { lt: cur.id } }] },
          ],
        }
      : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: paging.limit + 1,
    include: {
      delivery: {
        select: {
          status: true,
          body: true,
          idempotencyKey: true,
          batchSize: true,
          nextAttemptAt: true,
          webhook: { select: { url: true } },
        },
      },
    },
  });
  const more = rows.length > paging.limit;
  const page = rows.slice(0, paging.limit);
  const data = page.map((a) => ({
    id: a.id,
    delivery_id: a.deliveryId,
    webhook_id: a.webhookId,
    webhook_url: a.delivery.webhook.url,
    event: a.eventType,
    status: a.delivery.status,
    attempt: a.attempt,
    response_status_code: a.statusCode,
    response_time_ms: a.latencyMs,
    error: a.error,
    request_headers: a.requestHeaders as Record<string, string>,
    payload: a.delivery.body,
    response_body: a.responseBody,
    idempotency_key: a.delivery.idempotencyKey,
    batch_size: a.delivery.batchSize,
    created_at: a.createdAt.toISOString(),
    next_retry_at: a.delivery.status === "retrying" ? a.delivery.nextAttemptAt.toISOString() : null,
  }));
  const last = page[page.length - 1];
  const after = more && last ? encodeCursor(last.createdAt, last.id) : null;
  let next: string | null = null;
  if (after && paging.baseUrl) {
    const u = new URL(paging.baseUrl);
    u.searchParams.set("after", after);
    next = u.toString();
  }
  return { data, paging: { cursors: { before: null, after }, next, previous: null } };
}

export interface DeliveryStats {
  buckets: { t: string; total: number; failed: number; p50: number | null; p95: number | null }[];
  total: number;
  failed: number;
}

/** Volume, failures and latency percentiles per time bucket (hour for 24 h, day beyond). */
export async function deliveryStats(projectId: ProjectId, f: DeliveryFilter): Promise<DeliveryStats> {
  const hours = PERIODS[f.period];
  const unit = hours <= 24 ? "hour" : "day";
  const rows = await db().$queryRaw<
    { t: Date; total: bigint; failed: bigint; p50: number | null; p95: number | null }[]
  >`
    SELECT date_trunc(${unit}, "createdAt") AS t, count(*) AS total, count(*) FILTER (WHERE NOT ok) AS failed,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95
    FROM "WebhookAttempt"
    WHERE "projectId" = ${projectId} AND "createdAt" >= now() - make_interval(hours => ${hours})
      AND (${f.webhook_id ?? null}::text IS NULL OR "webhookId" = ${f.webhook_id ?? null})
      AND (${f.event ?? null}::text IS NULL OR "eventType" = ${f.event ?? null})
    GROUP BY 1 ORDER BY 1`;
  const buckets = rows.map((r) => ({
    t: r.t.toISOString(),
    total: Number(r.total),
    failed: Number(r.failed),
    p50: r.p50 === null ? null : Math.round(r.p50),
    p95: r.p95 === null ? null : Math.round(r.p95),
  }));
  return {
    buckets,
    total: buckets.reduce((a, b) => a + b.total, 0),
    failed: buckets.reduce((a, b) => a + b.failed, 0),
  };
}

// ---- inbound log (what Meta or the sandbox sent us) ----

export interface InboundDto {
  id: string;
  received_at: string;
  phone_number_id: string | null;
  status: string;
  attempts: number;
  error: string | null;
  signature: "valid";
  wamids: string[];
  /** What it carried, e.g. ["message (text)", "status: delivered"]. */
  contents: string[];
  body: unknown;
}

/** What a Meta webhook body carried: its messages (with their types), statuses, or other fields. */
function contentsOf(body: unknown): string[] {
  const out = new Set<string>();
  const entries = (body as { entry?: unknown })?.entry;
  for (const entry of Array.isArray(entries) ? entries : []) {
    const changes = (entry as { changes?: unknown })?.changes;
    for (const change of Array.isArray(changes) ? changes : []) {
      const c = change as { field?: unknown; value?: Record<string, unknown> };
      const messages = c.value?.messages;
      const statuses = c.value?.statuses;
      if (Array.isArray(messages))
        for (const m of messages)
          out.add(`message (${String((m as { type?: unknown })?.type ?? "unknown")})`);
      if (Array.isArray(statuses))
        for (const st of statuses)
          out.add(`status: ${String((st as { status?: unknown })?.status ?? "unknown")}`);
      if (!Array.isArray(messages) && !Array.isArray(statuses) && typeof c.field === "string")
        out.add(c.field);
    }
  }
  return [...out].slice(0, 10);
}

function wamidsOf(body: unknown): string[] {
  const out: string[] = [];
  const s = JSON.stringify(body ?? {});
  for (const m of s.matchAll(/"id":"(wamid\.[^"]{1,200})"/g))
    if (!out.includes(m[1] as string)) out.push(m[1] as string);
  return out;
}

/**
 * Raw webhook events this project received, newest first; `wamid` searches the bodies. Only signed
 * events are stored (a bad signature is answered 401 before anything is written), so each verdict is valid.
 */
export async function listInbound(
  projectId: ProjectId,
  opts: { wamid?: string; limit?: number },
): Promise<InboundDto[]> {
  const limit = Math.min(opts.limit ?? 50, 200);
  // Within a message id only ("wamid." and then the text searched for, anywhere in it): a plain substring
  // of the whole body matched nearly every event for "_" or "text".
  const wamidPattern = opts.wamid
    ? `"wamid\\.[^"]*${opts.wamid.replace(/^wamid\./i, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`
    : undefined;
  const rows = wamidPattern
    ? await db().$queryRaw<
        {
          id: string;
          receivedAt: Date;
          phoneNumberId: string | null;
          status: string;
          attempts: number;
          error: string | null;
          body: unknown;
        }[]
      >`
        SELECT id, "receivedAt", "phoneNumberId", status::text AS status, attempts, error, body FROM "WebhookEvent"
        WHERE "projectId" = ${projectId} AND body::text ~ ${wamidPattern}
        ORDER BY "receivedAt" DESC LIMIT ${limit}`
    : await db().webhookEvent.findMany({
        where: { projectId },
        orderBy: { receivedAt: "desc" },
        take: limit,
        select: {
          id: true,
          receivedAt: true,
          phoneNumberId: true,
          status: true,
          attempts: true,
          error: true,
          body: true,
        },
      });
  return rows.map((r) => ({
    id: r.id,
    received_at: r.receivedAt.toISOString(),
    phone_number_id: r.phoneNumberId,
    status: String(r.status).toLowerCase(),
    attempts: r.attempts,
    error: r.error,
    signature: "valid" as const,
    wamids: wamidsOf(r.body),
    contents: contentsOf(r.body),
    body: r.body,
  }));
}

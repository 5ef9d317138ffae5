import "@/lib/server-only";
import { Prisma } from "@/generated/prisma/client";
import type { BroadcastRecipientStatus, BroadcastStatus } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RecipientFilter } from "./schema";

export interface BroadcastMetrics {
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: number;
  responded: number;
  /** responded / sent, 0–1. */
  responseRate: number;
}

export interface BroadcastDto {
  id: string;
  name: string;
  status: BroadcastStatus;
  numberId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  templateId: string;
  templateName: string;
  templateLanguage: string;
  scheduledAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  metrics: BroadcastMetrics;
}

const select = {
  id: true,
  name: true,
  status: true,
  phoneNumberId: true,
  templateId: true,
  templateName: true,
  templateLanguage: true,
  scheduledAt: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
  updatedAt: true,
  phoneNumber: { select: { phoneNumberId: true, displayPhoneNumber: true } },
} satisfies Prisma.BroadcastSelect;

type Row = Prisma.BroadcastGetPayload<{ select: typeof select }>;

const SENT: BroadcastRecipientStatus[] = ["ACCEPTED", "SENT", "DELIVERED", "READ"];

export function emptyMetrics(): BroadcastMetrics {
  return {
    total: 0,
    pending: 0,
    sent: 0,
    delivered: 0,
    read: 0,
    failed: 0,
    skipped: 0,
    responded: 0,
    responseRate: 0,
  };
}

/** Counts per broadcast, one grouped query for all of them. */
export async function metricsFor(ids: string[]): Promise<Map<string, BroadcastMetrics>> {
  const out = new Map<string, BroadcastMetrics>(ids.map((id) => [id, emptyMetrics()]));
  if (!ids.length) return out;
  const rows = await db().$queryRaw<
    { broadcastId: string; status: BroadcastRecipientStatus; n: bigint; responded: bigint }[]
  >`
    SELECT "broadcastId", status, count(*) AS n, count("respondedAt") AS responded
    FROM "BroadcastRecipient" WHERE "broadcastId" IN (${Prisma.join(ids)})
    GROUP BY "broadcastId", status`;
  for (const r of rows) {
    const m = out.get(r.broadcastId);
    if (!m) continue;
    const n = Number(r.n);
    m.total += n;
    m.responded += Number(r.responded);
    if (r.status === "PENDING" || r.status === "SENDING") m.pending += n;
    if (SENT.includes(r.status)) m.sent += n;
    if (r.status === "DELIVERED" || r.status === "READ") m.delivered += n;
    if (r.status === "READ") m.read += n;
    if (r.status === "FAILED") m.failed += n;
    if (r.status === "SKIPPED") m.skipped += n;
  }
  for (const m of out.values()) m.responseRate = m.sent ? m.responded / m.sent : 0;
  return out;
}

const toDto = (r: Row, metrics: BroadcastMetrics): BroadcastDto => ({
  id: r.id,
  name: r.name,
  status: r.status,
  numberId: r.phoneNumberId,
  phoneNumberId: r.phoneNumber.phoneNumberId,
  displayPhoneNumber: r.phoneNumber.displayPhoneNumber,
  templateId: r.templateId,
  templateName: r.templateName,
  templateLanguage: r.templateLanguage,
  scheduledAt: r.scheduledAt,
  startedAt: r.startedAt,
  completedAt: r.completedAt,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  metrics,
});

export async function listBroadcasts(
  projectId: ProjectId,
  opts: { page?: number; perPage?: number } = {},
): Promise<{ items: BroadcastDto[]; totalCount: number }> {
  const perPage = opts.perPage ?? 20;
  const page = opts.page ?? 1;
  const [rows, totalCount] = await Promise.all([
    db().broadcast.findMany({
      where: { projectId },
      select,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
    db().broadcast.count({ where: { projectId } }),
  ]);
  const metrics = await metricsFor(rows.map((r) => r.id));
  return { items: rows.map((r) => toDto(r, metrics.get(r.id) ?? emptyMetrics())), totalCount };
}

export async function getBroadcast(projectId: ProjectId, broadcastId: string): Promise<BroadcastDto> {
  const row = await db().broadcast.findFirst({ where: { id: broadcastId, projectId }, select });
  if (!row) throw new AppError("not_found", "Broadcast not found.");
  const metrics = await metricsFor([row.id]);
  return toDto(row, metrics.get(row.id) ?? emptyMetrics());
}

export interface RecipientDto {
  id: string;
  phone: string;
  status: BroadcastRecipientStatus;
  components: unknown;
  wamid: string | null;
  errorCode: number | null;
  errorTitle: string | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
  respondedAt: Date | null;
  createdAt: Date;
}

function recipientWhere(
  broadcastId: string,
  filter?: RecipientFilter,
  q?: string,
): Prisma.BroadcastRecipientWhereInput {
  const byFilter: Record<RecipientFilter, Prisma.BroadcastRecipientWhereInput> = {
    pending: { status: { in: ["PENDING", "SENDING"] } },
    sent: { status: { in: SENT } },
    delivered: { status: { in: ["DELIVERED", "READ"] } },
    read: { status: "READ" },
    failed: { status: "FAILED" },
    skipped: { status: "SKIPPED" },
    responded: { respondedAt: { not: null } },
  };
  const digits = q?.replace(/\D/g, "");
  return {
    broadcastId,
    ...(filter ? byFilter[filter] : {}),
    ...(digits ? { phone: { contains: digits } } : {}),
  };
}

export async function listRecipients(
  projectId: ProjectId,
  broadcastId: string,
  opts: { filter?: RecipientFilter; q?: string; page?: number; perPage?: number } = {},
): Promise<{ items: RecipientDto[]; totalCount: number }> {
  await getBroadcastRow(projectId, broadcastId);
  const where = recipientWhere(broadcastId, opts.filter, opts.q);
  const perPage = opts.perPage ?? 50;
  const page = opts.page ?? 1;
  const [items, totalCount] = await Promise.all([
    db().broadcastRecipient.findMany({
      where,
      select: {
        id: true,
        phone: true,
        status: true,
        components: true,
        wamid: true,
        errorCode: true,
        errorTitle: true,
        sentAt: true,
        deliveredAt: true,
        readAt: true,
        failedAt: true,
        respondedAt: true,
        createdAt: true,
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
    db().broadcastRecipient.count({ where }),
  ]);
  return { items, totalCount };
}

async function getBroadcastRow(projectId: ProjectId, broadcastId: string) {
  const b = await db().broadcast.findFirst({ where: { id: broadcastId, projectId }, select: { id: true } });
  if (!b) throw new AppError("not_found", "Broadcast not found.");
  return b;
}

/** Why recipients failed, most common first. */
export async function failureReasons(
  projectId: ProjectId,
  broadcastId: string,
): Promise<{ code: number | null; title: string; count: number }[]> {
  await getBroadcastRow(projectId, broadcastId);
  const rows = await db().broadcastRecipient.groupBy({
    by: ["errorCode", "errorTitle"],
    where: { broadcastId, status: "FAILED" },
    _count: { _all: true },
  });
  return rows
    .map((r) => ({ code: r.errorCode, title: r.errorTitle ?? "Unknown", count: r._count._all }))
    .sort((a, b) => b.count - a.count);
}

export interface TimelinePoint {
  t: string;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

/** Sends, deliveries, reads and failures over time, in up to ~40 buckets. */
export async function broadcastTimeline(projectId: ProjectId, broadcastId: string): Promise<TimelinePoint[]> {
  const b = await db().broadcast.findFirst({
    where: { id: broadcastId, projectId },
    select: { startedAt: true, completedAt: true },
  });
  if (!b) throw new AppError("not_found", "Broadcast not found.");
  if (!b.startedAt) return [];
  const end = b.completedAt ?? new Date();
  const spanS = Math.max(1, (end.getTime() - b.startedAt.getTime()) / 1000);
  const step =
    [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400].find(
      (s) => spanS / s <= 40,
    ) ?? 86400;
  const rows = await db().$queryRaw<{ bucket: Date; kind: string; n: bigint }[]>`
    WITH ev AS (
      SELECT 'sent' AS kind, "sentAt" AS at FROM "BroadcastRecipient" WHERE "broadcastId" = ${broadcastId} AND "sentAt" IS NOT NULL
      UNION ALL SELECT 'delivered', "deliveredAt" FROM "BroadcastRecipient" WHERE "broadcastId" = ${broadcastId} AND "deliveredAt" IS NOT NULL
      UNION ALL SELECT 'read', "readAt" FROM "BroadcastRecipient" WHERE "broadcastId" = ${broadcastId} AND "readAt" IS NOT NULL
      UNION ALL SELECT 'failed', "failedAt" FROM "BroadcastRecipient" WHERE "broadcastId" = ${broadcastId} AND "failedAt" IS NOT NULL
    )
    SELECT to_timestamp(floor(extract(epoch FROM at) / ${step}) * ${step}) AS bucket, kind, count(*) AS n
    FROM ev GROUP BY 1, 2 ORDER BY 1`;
  const points = new Map<string, TimelinePoint>();
  for (const r of rows) {
    const t = r.bucket.toISOString();
    const p = points.get(t) ?? { t, sent: 0, delivered: 0, read: 0, failed: 0 };
    p[r.kind as "sent"] += Number(r.n);
    points.set(t, p);
  }
  return [...points.values()];
}

/** The project's numbers and their approved templates, for the create form. */
export async function broadcastOptions(projectId: ProjectId) {
  const [numbers, templates] = await Promise.all([
    db().phoneNumber.findMany({
      where: { projectId },
      select: { id: true, displayPhoneNumber: true, verifiedName: true, wabaId: true, kind: true },
      orderBy: { createdAt: "asc" },
    }),
    db().messageTemplate.findMany({
      where: { projectId, status: "APPROVED" },
      select: { id: true, name: true, language: true, wabaId: true, components: true },
      orderBy: [{ name: "asc" }, { language: "asc" }],
    }),
  ]);
  return { numbers, templates };
}

/** The broadcast template's components (what each recipient's parameters are checked against). */
export async function broadcastTemplateComponents(
  projectId: ProjectId,
  templateId: string,
): Promise<unknown> {
  const t = await db().messageTemplate.findFirst({
    where: { id: templateId, projectId },
    select: { components: true },
  });
  return t?.components ?? [];
}

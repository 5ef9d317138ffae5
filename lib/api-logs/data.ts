import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { keyset, limitOf, page } from "@/lib/conversations/paging";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const PERIODS = { "1h": 3600, "24h": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400 } as const;
export type Period = keyof typeof PERIODS;

export interface ApiLogFilter {
  period?: Period;
  endpoint?: string;
  statusCode?: number;
  errorsOnly?: boolean;
  apiKeyId?: string;
}

function where(projectId: ProjectId, f: ApiLogFilter): Prisma.ApiLogWhereInput {
  return {
    projectId,
    createdAt: { gte: new Date(Date.now() - PERIODS[f.period ?? "24h"] * 1000) },
    ...(f.endpoint ? { endpoint: { contains: f.endpoint } } : {}),
    ...(f.statusCode ? { statusCode: f.statusCode } : f.errorsOnly ? { statusCode: { gte: 400 } } : {}),
    ...(f.apiKeyId ? { apiKeyId: f.apiKeyId } : {}),
  };
}

const select = {
  id: true,
  apiKeyId: true,
  method: true,
  endpoint: true,
  statusCode: true,
  latencyMs: true,
  createdAt: true,
} satisfies Prisma.ApiLogSelect;

/** Kapso's api_logs list: newest first, cursor paging (limit ≤ 100, after, before). */
export async function listApiLogs(projectId: ProjectId, f: ApiLogFilter, url: URL) {
  const limit = limitOf(url.searchParams);
  const ks = keyset(url.searchParams, "createdAt");
  const rows = await db().apiLog.findMany({
    where: { AND: [where(projectId, f), ks.where as Prisma.ApiLogWhereInput] },
    orderBy: ks.asc ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select,
  });
  return page(rows, limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }), url, ks.direction);
}

/** The settings page's view: the newest 200 matching calls, with the key names. */
export async function recentApiLogs(projectId: ProjectId, f: ApiLogFilter) {
  const [rows, keys] = await Promise.all([
    db().apiLog.findMany({
      where: where(projectId, f),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 200,
      select,
    }),
    db().apiKey.findMany({ where: { projectId }, select: { id: true, name: true } }),
  ]);
  const names = new Map(keys.map((k) => [k.id, k.name]));
  return rows.map((r) => ({ ...r, keyName: r.apiKeyId ? (names.get(r.apiKeyId) ?? "Deleted key") : null }));
}

export function parsePeriod(v: string | undefined): Period {
  if (v === undefined) return "24h";
  if (!(v in PERIODS))
    throw new AppError("validation", `period must be one of ${Object.keys(PERIODS).join(", ")}`, {
      fields: { period: "Invalid" },
    });
  return v as Period;
}

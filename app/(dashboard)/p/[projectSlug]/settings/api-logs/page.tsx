import type { Metadata } from "next";
import { ApiLogsView } from "@/components/settings/api-logs-view";
import { PERIODS, type Period, recentApiLogs } from "@/lib/api-logs/data";
import { pageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "API logs" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ApiLogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const sp = await searchParams;
  const periodRaw = one(sp.period);
  const period: Period = periodRaw && periodRaw in PERIODS ? (periodRaw as Period) : "24h";
  const endpoint = one(sp.endpoint)?.slice(0, 200) || undefined;
  const status = Number(one(sp.status));
  const statusCode = Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
  const errorsOnly = one(sp.errors) === "1";
  const rows = await recentApiLogs(ctx.projectId, { period, endpoint, statusCode, errorsOnly });
  return (
    <ApiLogsView
      filters={{ period, endpoint: endpoint ?? "", status: statusCode ? String(statusCode) : "", errorsOnly }}
      rows={rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))}
    />
  );
}

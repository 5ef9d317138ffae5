"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DeliveryStats } from "@/lib/webhooks/data";

/** The delivery log's totals and its chart of volume (delivered, failed) and latency (p50, p95) over time. */
export function DeliveryCharts({ stats, period }: { stats: DeliveryStats; period: string }) {
  const data = stats.buckets.map((b) => ({
    t:
      period === "24h"
        ? new Date(b.t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
        : new Date(b.t).toLocaleDateString(),
    Delivered: b.total - b.failed,
    Failed: b.failed,
    p50: b.p50,
    p95: b.p95,
  }));
  const rate = stats.total === 0 ? 0 : Math.round((stats.failed / stats.total) * 1000) / 10;
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <div className="space-y-1 rounded-lg border p-3">
        <p className="text-xs text-muted-foreground">Attempts</p>
        <p className="text-2xl font-semibold" data-testid="attempts-total">
          {stats.total}
        </p>
        <p className="text-xs text-muted-foreground">Failure rate</p>
        <p className="text-2xl font-semibold" data-testid="failure-rate">
          {rate}%
        </p>
      </div>
      <figure className="h-48 rounded-lg border p-2 lg:col-span-2" aria-label="Volume and latency over time">
        {data.length === 0 ? (
          <p className="p-4 text-sm text-muted-foreground">No attempts in this period.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data}>
              <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
              <XAxis dataKey="t" fontSize={11} />
              <YAxis yAxisId="n" fontSize={11} allowDecimals={false} />
              <YAxis yAxisId="ms" orientation="right" fontSize={11} unit=" ms" />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              <Bar yAxisId="n" dataKey="Delivered" stackId="a" fill="#16a34a" />
              <Bar yAxisId="n" dataKey="Failed" stackId="a" fill="#dc2626" />
              <Line yAxisId="ms" dataKey="p50" stroke="#2563eb" dot={false} />
              <Line yAxisId="ms" dataKey="p95" stroke="#9333ea" dot={false} />
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </figure>
    </div>
  );
}

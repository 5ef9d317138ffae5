"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TimelinePoint } from "@/lib/broadcasts/data";

const SERIES = [
  { key: "sent", label: "Sent", color: "#0ea5e9" },
  { key: "delivered", label: "Delivered", color: "#10b981" },
  { key: "read", label: "Read", color: "#8b5cf6" },
  { key: "failed", label: "Failed", color: "#ef4444" },
] as const;

export function TimelineChart({ points }: { points: TimelinePoint[] }) {
  if (points.length === 0)
    return (
      <p className="py-8 text-center text-sm text-muted-foreground">
        The chart fills in once sending starts.
      </p>
    );
  const data = points.map((p) => ({ ...p, label: new Date(p.t).toLocaleTimeString() }));
  return (
    <figure aria-label="Sent, delivered, read and failed over time" className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" className="stroke-border" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((s) => (
            <Area
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.15}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}

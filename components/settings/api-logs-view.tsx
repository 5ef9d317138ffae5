"use client";

import { ScrollText } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

interface Row {
  id: string;
  method: string;
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  keyName: string | null;
  createdAt: string;
}

export function ApiLogsView({
  filters,
  rows,
}: {
  filters: { period: string; endpoint: string; status: string; errorsOnly: boolean };
  rows: Row[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, start] = useTransition();
  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const q = new URLSearchParams();
    for (const k of ["period", "endpoint", "status"]) {
      const v = String(f.get(k) ?? "").trim();
      if (v) q.set(k, v);
    }
    if (f.get("errors")) q.set("errors", "1");
    start(() => router.replace(`${pathname}?${q}`));
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>API logs</CardTitle>
        <CardDescription>
          Every call to the Platform API and the Meta proxy made with this project's API keys: endpoint,
          status, latency and key. The newest 200 matching calls; the API (GET /platform/v1/api_logs) pages
          through all.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <form onSubmit={apply} className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <Label htmlFor="log-period">Period</Label>
            <select
              id="log-period"
              name="period"
              defaultValue={filters.period}
              className="h-9 rounded-md border bg-background px-2 text-sm"
            >
              <option value="1h">Last hour</option>
              <option value="24h">Last 24 hours</option>
              <option value="7d">Last 7 days</option>
              <option value="30d">Last 30 days</option>
            </select>
          </div>
          <div className="space-y-1">
            <Label htmlFor="log-endpoint">Endpoint contains</Label>
            <Input
              id="log-endpoint"
              name="endpoint"
              defaultValue={filters.endpoint}
              className="w-56"
              placeholder="/platform/v1/customers"
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="log-status">Status</Label>
            <Input
              id="log-status"
              name="status"
              inputMode="numeric"
              defaultValue={filters.status}
              className="w-24"
              placeholder="422"
            />
          </div>
          <label className="flex h-9 items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="errors"
              defaultChecked={filters.errorsOnly}
              className="accent-primary"
            />
            Errors only
          </label>
          <Button type="submit" variant="outline" disabled={pending}>
            {pending ? <Spinner /> : null}
            Filter
          </Button>
        </form>
        {rows.length === 0 ? (
          <EmptyState
            icon={ScrollText}
            title="No calls"
            description="No API calls match these filters in this period."
          />
        ) : (
          <Table aria-label="API calls">
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead>Endpoint</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Latency</TableHead>
                <TableHead className="hidden md:table-cell">Key</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id} data-testid="api-log-row">
                  <TableCell className="text-xs whitespace-nowrap">
                    <time dateTime={r.createdAt} suppressHydrationWarning>
                      {new Date(r.createdAt).toLocaleTimeString()}
                    </time>
                  </TableCell>
                  <TableCell
                    className="max-w-[28ch] truncate font-mono text-xs sm:max-w-none"
                    title={r.endpoint}
                  >
                    <span className="text-muted-foreground">{r.method}</span> {r.endpoint}
                  </TableCell>
                  <TableCell>
                    <Badge variant={r.statusCode >= 400 ? "destructive" : "secondary"}>{r.statusCode}</Badge>
                  </TableCell>
                  <TableCell className="hidden text-right tabular-nums sm:table-cell">
                    {r.latencyMs} ms
                  </TableCell>
                  <TableCell className="hidden text-sm md:table-cell">{r.keyName ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

"use client";

import { Inbox } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { redeliverAction } from "@/lib/webhooks/actions";
import type { AttemptDto, DeliveryStats } from "@/lib/webhooks/data";
import { LOGGED_EVENTS } from "@/lib/webhooks/events";
import { type DeliveryFilter, PERIODS } from "@/lib/webhooks/schema";
import { DeliveryCharts } from "./delivery-charts";
import { selectClass } from "./webhook-form";

function useFilterNav() {
  const router = useRouter();
  const path = usePathname();
  const sp = useSearchParams();
  return (key: string, value: string | undefined) => {
    const next = new URLSearchParams(sp.toString());
    next.set("tab", "deliveries");
    next.delete("after");
    if (value) next.set(key, value);
    else next.delete(key);
    router.push(`${path}?${next.toString()}`);
  };
}

/** A request or response in the details: wrapped, and scrolling inside its own box when long. */
const detailBox =
  "max-h-64 max-w-full overflow-auto rounded-md border bg-background p-2 text-xs whitespace-pre-wrap [overflow-wrap:anywhere]";

/** An event name that may wrap after its dots on a phone, never inside a word. */
function EventName({ name }: { name: string }) {
  const parts = name.split(".");
  return (
    <span className="font-mono text-xs">
      {parts.map((p, i) => (
        <Fragment key={parts.slice(0, i + 1).join(".")}>
          {p}
          {i < parts.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </span>
  );
}

/** An attempt's time: of day when it is today, with its date when it is not (the 7 d and 30 d views). */
function when(iso: string): string {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString()
    ? d.toLocaleTimeString()
    : d.toLocaleString([], {
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
}

function StatusBadge({ a }: { a: AttemptDto }) {
  if (a.response_status_code !== null && a.response_status_code >= 200 && a.response_status_code < 300)
    return <Badge variant="outline">{a.response_status_code}</Badge>;
  return (
    <Badge variant="secondary" className="bg-red-500/15 text-red-900 dark:text-red-200">
      {a.response_status_code ?? "error"}
    </Badge>
  );
}

export function DeliveryLog({
  projectId,
  filter,
  attempts,
  after,
  stats,
  webhooks,
  ignored = [],
}: {
  projectId: string;
  filter: DeliveryFilter;
  attempts: AttemptDto[];
  after: string | null;
  stats: DeliveryStats;
  webhooks: { id: string; url: string; status: "active" | "paused" | "disabled" }[];
  /** Filters in the URL that were not valid, left out (the others still apply). */
  ignored?: string[];
}) {
  const nav = useFilterNav();
  const router = useRouter();
  const sp = useSearchParams();
  const path = usePathname();
  const [open, setOpen] = useState<string>();
  const [live, setLive] = useState(true);
  const [pending, start] = useTransition();

  // Live: the log and charts refresh every 5 seconds while this tab is open.
  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => router.refresh(), 5000);
    return () => clearInterval(t);
  }, [live, router]);

  // A disabled or paused webhook's deliveries are queued, and go only when it is enabled again.
  const held = (id: string) =>
    ["paused", "disabled"].includes(webhooks.find((w) => w.id === id)?.status ?? "");
  const redeliver = (
    input: { deliveryId?: string; periodHours?: number; webhookId?: string; eventType?: string },
    waits: boolean,
  ) =>
    start(async () => {
      const r = await redeliverAction({ projectId, ...input });
      const n = r.ok ? r.data.queued : 0;
      if (!r.ok) toast.error(r.error);
      else if (n === 0) toast.info("No failed deliveries to send again");
      else if (waits)
        toast.success(
          n === 1
            ? "Queued: it goes when the webhook is enabled again"
            : `${n} deliveries queued: they go when the webhook is enabled again`,
        );
      else if (!input.webhookId && !input.deliveryId && webhooks.some((w) => w.status !== "active"))
        toast.success(
          `${n} ${n === 1 ? "delivery" : "deliveries"} sent again; those of disabled or paused webhooks go when they are enabled again`,
        );
      else toast.success(n === 1 ? "Sent again" : `${n} deliveries sent again`);
      router.refresh();
    });

  const nextHref = after
    ? `${path}?${new URLSearchParams({ ...Object.fromEntries(sp.entries()), after }).toString()}`
    : null;

  return (
    <Card>
      <CardHeader className="space-y-3">
        <CardTitle>Delivery log</CardTitle>
        <fieldset className="flex flex-wrap items-end gap-2" aria-label="Filters">
          <label className="space-y-1 text-xs">
            <span className="block text-muted-foreground">Period</span>
            <select
              className={selectClass}
              value={filter.period}
              onChange={(e) => nav("period", e.target.value)}
            >
              {Object.keys(PERIODS).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1 text-xs">
            <span className="block text-muted-foreground">Status</span>
            <select
              className={selectClass}
              value={filter.status ?? ""}
              onChange={(e) => nav("status", e.target.value || undefined)}
            >
              <option value="">Any</option>
              <option value="succeeded">Succeeded</option>
              <option value="retrying">Retrying</option>
              <option value="failed">Failed</option>
              <option value="pending">Pending</option>
            </select>
          </label>
          <label className="space-y-1 text-xs">
            <span className="block text-muted-foreground">Event</span>
            <select
              className={selectClass}
              value={filter.event ?? ""}
              onChange={(e) => nav("event", e.target.value || undefined)}
            >
              <option value="">Any</option>
              {LOGGED_EVENTS.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1 text-xs">
            <span className="block text-muted-foreground">Webhook</span>
            <select
              className={`${selectClass} max-w-56`}
              value={filter.webhook_id ?? ""}
              onChange={(e) => nav("webhook_id", e.target.value || undefined)}
            >
              <option value="">Any</option>
              {webhooks.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.url}
                </option>
              ))}
            </select>
          </label>
          <label className="flex h-9 items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={filter.errors_only === "true"}
              onChange={(e) => nav("errors_only", e.target.checked ? "true" : undefined)}
            />
            Errors only
          </label>
          <label className="flex h-9 items-center gap-2 text-sm">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            Live
          </label>
          <Button
            variant="outline"
            className="ml-auto"
            disabled={pending}
            onClick={() =>
              redeliver(
                {
                  periodHours: PERIODS[filter.period],
                  webhookId: filter.webhook_id,
                  eventType: filter.event,
                },
                !!filter.webhook_id && held(filter.webhook_id),
              )
            }
          >
            Redeliver all failed ({filter.period})
          </Button>
        </fieldset>
      </CardHeader>
      <CardContent className="space-y-4">
        {ignored.length > 0 ? (
          <p role="status" className="rounded-md border border-amber-500/40 bg-amber-500/10 p-2 text-sm">
            Not a valid filter, left out: {ignored.join(", ")}. The other filters apply.
          </p>
        ) : null}
        <DeliveryCharts stats={stats} period={filter.period} />
        {attempts.length === 0 ? (
          <EmptyState
            icon={Inbox}
            title="No deliveries match"
            description="Deliveries appear here as events are sent to your webhooks."
          />
        ) : (
          // `relative` keeps the sr-only heading (absolutely positioned) inside this scroll box.
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm" aria-label="Delivery attempts">
              <thead className="text-left text-xs text-muted-foreground">
                <tr>
                  <th className="hidden p-2 sm:table-cell">When</th>
                  <th className="p-1.5 sm:p-2">Event</th>
                  <th className="hidden p-2 lg:table-cell">Webhook</th>
                  <th className="p-1.5 sm:p-2">Status</th>
                  <th className="hidden p-2 sm:table-cell">Attempt</th>
                  <th className="hidden p-2 md:table-cell">Latency</th>
                  <th className="p-1.5 sm:p-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <Fragment key={a.id}>
                    <tr
                      data-testid="delivery-row"
                      data-ok={a.error ? "false" : "true"}
                      className="border-t align-top"
                    >
                      <td className="hidden p-2 whitespace-nowrap sm:table-cell">
                        <time dateTime={a.created_at} suppressHydrationWarning>
                          {when(a.created_at)}
                        </time>
                      </td>
                      <td className="p-1.5 sm:p-2">
                        <EventName name={a.event} />
                        {/* On a phone "When" and "Attempt" have no column: they show under the event. */}
                        <span className="block text-xs text-muted-foreground sm:hidden">
                          <time dateTime={a.created_at} suppressHydrationWarning>
                            {when(a.created_at)}
                          </time>{" "}
                          · attempt {a.attempt}
                        </span>
                      </td>
                      <td
                        className="hidden max-w-48 truncate p-2 font-mono text-xs lg:table-cell"
                        title={a.webhook_url}
                      >
                        {a.webhook_url}
                      </td>
                      <td className="p-1.5 sm:p-2">
                        <div className="flex flex-wrap items-center gap-x-1.5">
                          <StatusBadge a={a} />
                          <span className="text-xs text-muted-foreground">{a.status}</span>
                        </div>
                        {a.error ? (
                          <div
                            className="max-w-28 truncate text-xs text-destructive sm:max-w-48 xl:max-w-72"
                            title={a.error}
                          >
                            {a.error}
                          </div>
                        ) : null}
                      </td>
                      <td className="hidden p-2 sm:table-cell">{a.attempt}</td>
                      <td className="hidden p-2 whitespace-nowrap md:table-cell">{a.response_time_ms} ms</td>
                      <td className="p-1.5 sm:p-2">
                        <div className="flex flex-col items-end gap-1 sm:flex-row sm:justify-end">
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-expanded={open === a.id}
                            onClick={() => setOpen(open === a.id ? undefined : a.id)}
                          >
                            {open === a.id ? "Hide" : "Details"}
                          </Button>
                          {a.status === "failed" ? (
                            <Button
                              size="sm"
                              variant="outline"
                              disabled={pending}
                              onClick={() => redeliver({ deliveryId: a.delivery_id }, held(a.webhook_id))}
                            >
                              Redeliver
                            </Button>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                    {open === a.id ? (
                      <tr>
                        <td colSpan={7} className="bg-muted/40 p-3">
                          {a.error ? (
                            <p className="mb-3 text-xs text-destructive [overflow-wrap:anywhere]">
                              <span className="font-semibold">Error:</span> {a.error}
                            </p>
                          ) : null}
                          <p className="mb-3 text-xs text-muted-foreground [overflow-wrap:anywhere]">
                            Webhook <span className="font-mono">{a.webhook_url}</span> · {a.response_time_ms}{" "}
                            ms
                          </p>
                          <div className="grid gap-3 md:grid-cols-3">
                            <div className="min-w-0">
                              <p className="text-xs font-semibold">Request headers</p>
                              <pre className={detailBox}>{JSON.stringify(a.request_headers, null, 2)}</pre>
                            </div>
                            <div className="min-w-0">
                              <p className="text-xs font-semibold">Request body</p>
                              <pre className={detailBox}>{a.payload}</pre>
                            </div>
                            <div className="min-w-0">
                              <p className="text-xs font-semibold">Response body (first 4 KB)</p>
                              <pre className={detailBox}>{a.response_body ?? "—"}</pre>
                            </div>
                          </div>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {nextHref ? (
          <Link className="text-sm underline" href={nextHref}>
            Older attempts
          </Link>
        ) : null}
      </CardContent>
    </Card>
  );
}

"use client";

import { Download } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  cancelBroadcastAction,
  scheduleBroadcastAction,
  sendBroadcastAction,
} from "@/lib/broadcasts/actions";
import type { BroadcastDto, RecipientDto, TimelinePoint } from "@/lib/broadcasts/data";
import type { TemplateNeeds } from "@/lib/broadcasts/recipients";
import { RECIPIENT_FILTERS, type RecipientFilter } from "@/lib/broadcasts/schema";
import { countOf } from "@/lib/utils";
import { BroadcastStatus } from "./broadcasts-list";
import { CsvUpload } from "./csv-upload";
import { TimelineChart } from "./timeline-chart";

type Json<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};
type Progress = {
  broadcast: Json<Omit<BroadcastDto, "metrics">> & { metrics: BroadcastDto["metrics"] };
  reasons: { code: number | null; title: string; count: number }[];
  timeline: TimelinePoint[];
};

function Metric({
  label,
  value,
  testId,
  hint,
}: {
  label: string;
  value: string;
  testId: string;
  hint?: string;
}) {
  return (
    <div className="rounded-lg border p-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="text-xs text-muted-foreground">{hint}</div> : null}
    </div>
  );
}

function Recipients({
  projectId,
  broadcastId,
  version,
}: {
  projectId: string;
  broadcastId: string;
  version: number;
}) {
  const [filter, setFilter] = useState<RecipientFilter | "">("");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Json<RecipientDto>[]; totalCount: number }>();
  const [error, setError] = useState<string>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` refetches when the progress moves
  useEffect(() => {
    const ctrl = new AbortController();
    const qs = new URLSearchParams({
      page: String(page),
      ...(filter ? { filter } : {}),
      ...(q ? { q } : {}),
    });
    fetch(`/api/projects/${projectId}/broadcasts/${broadcastId}/recipients?${qs}`, { signal: ctrl.signal })
      .then(async (r) => {
        if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error ?? "Could not load recipients");
        setData(await r.json());
        setError(undefined);
      })
      .catch((e: Error) => e.name !== "AbortError" && setError(e.message));
    return () => ctrl.abort();
  }, [projectId, broadcastId, filter, q, page, version]);
  const pages = data ? Math.max(1, Math.ceil(data.totalCount / 50)) : 1;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <Label htmlFor="recipient-filter">Show</Label>
          <select
            id="recipient-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as RecipientFilter | "");
              setPage(1);
            }}
            className="h-9 rounded-md border bg-background px-2 text-sm"
          >
            <option value="">All</option>
            {RECIPIENT_FILTERS.map((f) => (
              <option key={f} value={f}>
                {f[0]?.toUpperCase() + f.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="recipient-search">Phone number</Label>
          <Input
            id="recipient-search"
            type="search"
            inputMode="tel"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(1);
            }}
            className="w-48"
          />
        </div>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : !data ? (
        <Skeleton className="h-24 w-full" />
      ) : data.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No recipients here.</p>
      ) : (
        <Table aria-label="Recipients">
          <TableHeader>
            <TableRow>
              <TableHead>Phone number</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="hidden md:table-cell">Detail</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.items.map((r) => (
              <TableRow key={r.id} data-testid="recipient-row" data-status={r.status}>
                <TableCell className="font-mono text-sm">+{r.phone}</TableCell>
                <TableCell className="text-sm">
                  {r.status === "ACCEPTED" ? "Sent" : r.status[0] + r.status.slice(1).toLowerCase()}
                  {r.respondedAt ? " · responded" : ""}
                </TableCell>
                <TableCell className="hidden text-xs text-muted-foreground md:table-cell">
                  {r.status === "FAILED"
                    ? `${r.errorCode ?? ""} ${r.errorTitle ?? ""}`
                    : r.sentAt
                      ? new Date(r.sentAt).toLocaleString()
                      : ""}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {pages > 1 ? (
        <div className="flex items-center gap-2 text-sm">
          <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </Button>
          <span>
            Page {page} of {pages}
          </span>
          <Button size="sm" variant="outline" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}

export function BroadcastView({
  projectId,
  initial,
  needs,
}: {
  projectId: string;
  initial: Progress;
  needs: TemplateNeeds;
}) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [version, setVersion] = useState(0);
  const [pending, start] = useTransition();
  const [scheduleAt, setScheduleAt] = useState("");
  const b = p.broadcast;
  const live = b.status === "SENDING" || b.status === "SCHEDULED";

  const refresh = useCallback(async () => {
    const r = await fetch(`/api/projects/${projectId}/broadcasts/${b.id}`, { cache: "no-store" });
    if (r.ok) {
      setP(await r.json());
      setVersion((v) => v + 1);
    }
  }, [projectId, b.id]);

  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => void refresh(), 1500);
    return () => clearInterval(t);
  }, [live, refresh]);

  const [confirmSend, setConfirmSend] = useState(false);
  const run = (action: () => Promise<{ ok: boolean; error?: string }>, done: string, after?: () => void) =>
    start(async () => {
      const r = await action();
      after?.();
      if (!r.ok) toast.error(r.error);
      else toast.success(done);
      await refresh();
      router.refresh();
    });

  const m = b.metrics;
  const pct = (n: number) => (m.total ? `${Math.round((n / m.total) * 100)}%` : "—");
  const settled = m.total - m.pending;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-2">
        <BroadcastStatus status={b.status} />
        <span className="text-sm text-muted-foreground">
          {b.templateName} ({b.templateLanguage}) from{" "}
          <span className="font-mono">{b.displayPhoneNumber}</span>
          {b.scheduledAt && b.status === "SCHEDULED"
            ? ` · starts ${new Date(b.scheduledAt).toLocaleString()}`
            : ""}
        </span>
        <div className="ml-auto flex flex-wrap gap-2">
          {b.status === "DRAFT" || b.status === "SCHEDULED" ? (
            <>
              <Button disabled={pending || m.total === 0} onClick={() => setConfirmSend(true)}>
                {pending ? <Spinner /> : null}
                Send now to {m.total.toLocaleString()}
              </Button>
              <AlertDialog open={confirmSend} onOpenChange={(o) => !pending && setConfirmSend(o)}>
                <AlertDialogContent>
                  <AlertDialogHeader>
                    <AlertDialogTitle>Send to {countOf(m.total, "recipient")} now?</AlertDialogTitle>
                    <AlertDialogDescription>
                      {b.templateName} goes out from {b.displayPhoneNumber} at the number's pace. You can stop
                      it while it sends, but messages already handed to WhatsApp cannot be recalled.
                    </AlertDialogDescription>
                  </AlertDialogHeader>
                  <AlertDialogFooter>
                    <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
                    <AlertDialogAction
                      disabled={pending}
                      onClick={(e) => {
                        e.preventDefault();
                        run(
                          () => sendBroadcastAction({ projectId, broadcastId: b.id }),
                          "Sending started",
                          () => setConfirmSend(false),
                        );
                      }}
                    >
                      {pending ? <Spinner /> : null}
                      Send to {m.total.toLocaleString()}
                    </AlertDialogAction>
                  </AlertDialogFooter>
                </AlertDialogContent>
              </AlertDialog>
            </>
          ) : null}
          {b.status === "SCHEDULED" || b.status === "SENDING" ? (
            <ConfirmButton
              label={b.status === "SENDING" ? "Stop sending" : "Cancel schedule"}
              ariaLabel="Cancel broadcast"
              title={b.status === "SENDING" ? "Stop this broadcast?" : "Cancel the schedule?"}
              description={
                b.status === "SENDING"
                  ? "Recipients not sent yet are skipped; messages already handed to WhatsApp are not recalled. It cannot be resumed."
                  : "The broadcast goes back to draft; you can schedule or send it again."
              }
              confirmLabel={b.status === "SENDING" ? "Stop sending" : "Cancel schedule"}
              onConfirm={async () =>
                run(() => cancelBroadcastAction({ projectId, broadcastId: b.id }), "Cancelled")
              }
            />
          ) : null}
          {m.failed > 0 ? (
            <Button variant="outline" asChild>
              <a href={`/api/projects/${projectId}/broadcasts/${b.id}/failed.csv`} download>
                <Download />
                Export failed
              </a>
            </Button>
          ) : null}
        </div>
      </div>

      {b.status === "DRAFT" ? (
        <Card>
          <CardHeader>
            <CardTitle>Recipients</CardTitle>
            <CardDescription>
              {m.total
                ? `${m.total.toLocaleString()} so far. Add more, then send now or schedule.`
                : "Upload a CSV of the people to send to."}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <CsvUpload
              projectId={projectId}
              broadcastId={b.id}
              needs={needs}
              onAdded={() => void refresh()}
            />
            {m.total > 0 ? (
              <form
                className="flex flex-wrap items-end gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!scheduleAt) return;
                  run(
                    () =>
                      scheduleBroadcastAction({
                        projectId,
                        broadcastId: b.id,
                        scheduledAt: new Date(scheduleAt).toISOString(),
                      }),
                    "Scheduled",
                  );
                }}
              >
                <div className="space-y-1">
                  <Label htmlFor="schedule-at">Or schedule for</Label>
                  <Input
                    id="schedule-at"
                    type="datetime-local"
                    value={scheduleAt}
                    onChange={(e) => setScheduleAt(e.target.value)}
                  />
                </div>
                <Button type="submit" variant="outline" disabled={pending || !scheduleAt}>
                  Schedule
                </Button>
              </form>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

      <section aria-label="Progress" className="space-y-3">
        {b.status === "SENDING" || settled > 0 ? (
          <div className="space-y-1">
            <div className="flex justify-between text-sm">
              <span>
                {settled.toLocaleString()} of {m.total.toLocaleString()} handled
              </span>
              <span>{pct(settled)}</span>
            </div>
            <div
              className="h-2 w-full overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-label="Progress"
              aria-valuemin={0}
              aria-valuemax={m.total}
              aria-valuenow={settled}
            >
              <div
                className="h-full bg-primary transition-all"
                style={{ width: pct(settled) === "—" ? "0%" : pct(settled) }}
              />
            </div>
          </div>
        ) : null}
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
          <Metric label="Total" value={m.total.toLocaleString()} testId="metric-total" />
          <Metric label="Sent" value={m.sent.toLocaleString()} testId="metric-sent" hint={pct(m.sent)} />
          <Metric
            label="Delivered"
            value={m.delivered.toLocaleString()}
            testId="metric-delivered"
            hint={pct(m.delivered)}
          />
          <Metric label="Read" value={m.read.toLocaleString()} testId="metric-read" hint={pct(m.read)} />
          <Metric
            label="Failed"
            value={m.failed.toLocaleString()}
            testId="metric-failed"
            hint={pct(m.failed)}
          />
          <Metric label="Responded" value={m.responded.toLocaleString()} testId="metric-responded" />
          <Metric
            label="Response rate"
            value={`${(m.responseRate * 100).toFixed(1)}%`}
            testId="metric-response-rate"
          />
        </div>
      </section>

      <Card>
        <CardHeader>
          <CardTitle>Over time</CardTitle>
        </CardHeader>
        <CardContent>
          <TimelineChart points={p.timeline} />
        </CardContent>
      </Card>

      {p.reasons.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Why messages failed</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="space-y-1 text-sm" data-testid="failure-reasons">
              {p.reasons.map((r) => (
                <li key={`${r.code}-${r.title}`} className="flex justify-between gap-3">
                  <span>
                    {r.code !== null ? (
                      <span className="font-mono text-muted-foreground">{r.code} </span>
                    ) : null}
                    {r.title}
                  </span>
                  <span className="tabular-nums">{r.count.toLocaleString()}</span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Recipients</CardTitle>
        </CardHeader>
        <CardContent>
          <Recipients projectId={projectId} broadcastId={b.id} version={version} />
        </CardContent>
      </Card>
    </div>
  );
}

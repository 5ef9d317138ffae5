import { ArrowLeft, History } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExecutionStatusBadge, formatDuration } from "@/components/executions/execution-status";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { pageProject } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { getWorkflowSummary } from "@/lib/workflows/data";
import { executionsForPage } from "@/lib/workflows/engine/execution-data";

export const metadata: Metadata = { title: "Executions" };

const FILTERS = ["all", "running", "waiting", "handoff", "ended", "failed"] as const;

export default async function ExecutionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string; workflowId: string }>;
  searchParams: Promise<{ status?: string }>;
}) {
  const { projectSlug, workflowId } = await params;
  const wanted = (await searchParams).status;
  const status =
    FILTERS.includes(wanted as (typeof FILTERS)[number]) && wanted !== "all" ? wanted : undefined;
  const ctx = await pageProject(projectSlug);
  const workflow = await getWorkflowSummary(ctx.projectId, workflowId).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const rows = await executionsForPage(ctx.projectId, workflowId, status);
  const base = `/p/${ctx.project.slug}/workflows/${workflowId}`;
  return (
    <>
      <PageHeader
        title={`Executions · ${workflow.name}`}
        description="Every run of this workflow, newest first: open one for its event log, variables and path."
        actions={
          <Button variant="outline" asChild>
            <Link href={base}>
              <ArrowLeft className="size-4" /> Canvas
            </Link>
          </Button>
        }
      />
      <PageBody>
        <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-1">
          {FILTERS.map((f) => {
            const current = (status ?? "all") === f;
            return (
              <Button key={f} size="sm" variant={current ? "secondary" : "ghost"} asChild>
                <Link
                  href={f === "all" ? `${base}/executions` : `${base}/executions?status=${f}`}
                  aria-current={current ? "page" : undefined}
                >
                  {f === "all" ? "All" : f[0]?.toUpperCase() + f.slice(1)}
                </Link>
              </Button>
            );
          })}
        </nav>
        {rows.length === 0 ? (
          <EmptyState
            icon={History}
            title={status ? `No ${status} executions` : "No executions yet"}
            description={
              workflow.status === "ACTIVE"
                ? "Runs appear here when a trigger fires: a customer writes to the number, an event happens, or the API starts one."
                : "Activate the workflow and give it a trigger; its runs appear here."
            }
          />
        ) : (
          <div className="overflow-x-auto rounded-lg border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Status</TableHead>
                  <TableHead>Started</TableHead>
                  <TableHead className="hidden sm:table-cell">Trigger</TableHead>
                  <TableHead>Customer</TableHead>
                  <TableHead>Last step</TableHead>
                  <TableHead className="hidden text-right sm:table-cell">Duration</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <Link
                        href={`${base}/executions/${r.id}`}
                        className="rounded focus-visible:outline-2 focus-visible:outline-ring"
                      >
                        <ExecutionStatusBadge status={r.status} />
                        <span className="sr-only"> execution started {r.started_at}</span>
                      </Link>
                    </TableCell>
                    <TableCell className="whitespace-nowrap">
                      <Link href={`${base}/executions/${r.id}`} className="hover:underline">
                        <time dateTime={r.started_at}>
                          {new Date(r.started_at).toISOString().replace("T", " ").slice(0, 19)} UTC
                        </time>
                      </Link>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">
                      {r.trigger_type.replace("_", " ")}
                    </TableCell>
                    <TableCell className="font-mono text-xs">{r.phone_number ?? "—"}</TableCell>
                    <TableCell>{r.last_step?.display_name ?? r.last_step?.id ?? "—"}</TableCell>
                    <TableCell className="hidden text-right tabular-nums sm:table-cell">
                      {formatDuration(r.duration_ms)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </PageBody>
    </>
  );
}

import { ArrowLeft, Workflow } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExecutionActions } from "@/components/executions/execution-actions";
import { ExecutionStatusBadge, formatDuration } from "@/components/executions/execution-status";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { pageProject } from "@/lib/auth/page";
import { roleAtLeast } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { executionDetail } from "@/lib/workflows/engine/execution-data";

export const metadata: Metadata = { title: "Execution" };

const json = (v: unknown) => JSON.stringify(v, null, 2);

export default async function ExecutionPage({
  params,
}: {
  params: Promise<{ projectSlug: string; workflowId: string; executionId: string }>;
}) {
  const { projectSlug, workflowId, executionId } = await params;
  const ctx = await pageProject(projectSlug);
  const detail = await executionDetail(ctx.projectId, executionId).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const { execution: x, events, transcript } = detail;
  if (x.workflow_id !== workflowId) notFound();
  const base = `/p/${ctx.project.slug}/workflows/${workflowId}`;
  const canEdit = roleAtLeast(ctx.role, "ADMIN");
  const failed = x.status === "failed" ? x.error : null;
  return (
    <>
      <PageHeader
        title={`${x.workflow_name} · execution`}
        description={`Started ${x.started_at.replace("T", " ").slice(0, 19)} UTC by ${x.trigger_type.replace("_", " ")} · version ${x.workflow_version} · ${formatDuration(x.duration_ms)}`}
        actions={
          <>
            <Button variant="outline" asChild>
              <Link href={`${base}/executions`}>
                <ArrowLeft className="size-4" /> Executions
              </Link>
            </Button>
            <Button variant="outline" asChild>
              <Link href={`${base}?execution=${x.id}`}>
                <Workflow className="size-4" /> Path on canvas
              </Link>
            </Button>
          </>
        }
      />
      <PageBody>
        <div className="mb-6 flex flex-wrap items-center gap-3">
          <ExecutionStatusBadge status={x.status} />
          <span className="text-sm text-muted-foreground">
            {x.current_step ? `At ${x.current_step.display_name ?? x.current_step.id}` : "No current step"}
            {x.waiting_until ? ` · times out ${x.waiting_until.replace("T", " ").slice(0, 19)} UTC` : ""}
          </span>
          {canEdit ? (
            <ExecutionActions projectId={ctx.projectId} executionId={x.id} status={x.status} />
          ) : null}
        </div>
        {failed ? (
          <section
            aria-labelledby="failure"
            className="mb-6 rounded-lg border border-destructive/40 bg-destructive/5 p-4"
          >
            <h2 id="failure" className="font-medium text-destructive">
              Failed at {String(failed.node_id ?? "a step")}
            </h2>
            <p className="mt-1 text-sm">{String(failed.message ?? "")}</p>
            {failed.input ? (
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">The step's input</summary>
                <pre className="mt-2 max-h-64 overflow-auto rounded bg-muted p-2 text-xs">
                  {json(failed.input)}
                </pre>
              </details>
            ) : null}
          </section>
        ) : null}
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <section aria-labelledby="log">
            <h2 id="log" className="mb-2 font-medium">
              Event log
            </h2>
            <ol className="divide-y rounded-lg border">
              {events.map((e) => (
                <li key={e.id} className="px-3 py-2 text-sm">
                  <div className="flex flex-wrap items-baseline gap-x-3">
                    <span className="font-mono text-xs text-muted-foreground">
                      {e.created_at.slice(11, 23)}
                    </span>
                    <span className="font-medium">{e.event_type.replaceAll("_", " ")}</span>
                    {e.step_id ? <span className="text-muted-foreground">{e.step_id}</span> : null}
                  </div>
                  {Object.keys(e.payload).length ? (
                    <pre className="mt-1 overflow-x-auto text-xs text-muted-foreground">
                      {json(e.payload)}
                    </pre>
                  ) : null}
                  {e.variables ? (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs">Variables after this step</summary>
                      <pre className="mt-1 overflow-x-auto rounded bg-muted p-2 text-xs">
                        {json(e.variables)}
                      </pre>
                    </details>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
          <aside className="space-y-6">
            <section aria-labelledby="vars">
              <h2 id="vars" className="mb-2 font-medium">
                Variables now
              </h2>
              <pre className="max-h-72 overflow-auto rounded-lg border bg-muted/40 p-3 text-xs">
                {json(x.variables)}
              </pre>
            </section>
            <section aria-labelledby="transcript">
              <h2 id="transcript" className="mb-2 font-medium">
                Transcript
              </h2>
              {transcript.length === 0 ? (
                <p className="text-sm text-muted-foreground">No messages in this execution's conversation.</p>
              ) : (
                <ol className="space-y-2">
                  {transcript.map((m) => (
                    <li
                      key={m.id}
                      className={`max-w-[90%] rounded-lg px-3 py-2 text-sm ${m.direction === "inbound" ? "bg-muted" : "ml-auto bg-primary/10"}`}
                    >
                      <span className="sr-only">
                        {m.direction === "inbound" ? "Customer: " : "Workflow: "}
                      </span>
                      {m.text}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </aside>
        </div>
      </PageBody>
    </>
  );
}

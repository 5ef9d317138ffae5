"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { toast } from "sonner";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { changeExecutionStatusAction, conversationExecutionAction } from "@/lib/workflows/engine/actions";
import { unwrap } from "@/lib/workflows/query-keys";
import { ExecutionStatusBadge } from "./execution-status";

const LIVE = new Set(["running", "waiting", "handoff", "failed"]);

/**
 * Above an inbox thread: which workflow is talking with this customer, its status and step, a link to
 * the step on the canvas (with the run's path drawn) and Stop. Nothing when no workflow runs here.
 */
export function WorkflowBanner({ projectId, conversationId }: { projectId: string; conversationId: string }) {
  const slug = usePathname().split("/")[2] ?? "";
  const queryClient = useQueryClient();
  const key = ["executions", projectId, "conversation", conversationId];
  const q = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await conversationExecutionAction({ projectId, conversationId })),
    // Status changes arrive as realtime invalidations (workflow.execution.*); this only catches what a
    // dropped socket missed.
    refetchInterval: 60_000,
  });
  const x = q.data;
  if (!x || !LIVE.has(x.status)) return null;
  const stop = async () => {
    const r = await changeExecutionStatusAction({ projectId, executionId: x.id, status: "ended" });
    if (r.ok) toast.success("Workflow stopped: the conversation is yours");
    else toast.error(r.error);
    await queryClient.invalidateQueries({ queryKey: key });
  };
  return (
    <div
      role="status"
      data-testid="workflow-banner"
      className={`flex flex-wrap items-center gap-2 border-b px-3 py-2 text-sm ${x.status === "failed" ? "bg-destructive/5" : x.status === "handoff" ? "bg-amber-500/10" : "bg-sky-500/5"}`}
    >
      <Bot className="size-4 shrink-0 text-muted-foreground" aria-hidden />
      <span className="min-w-0">
        Workflow <strong>{x.workflowName}</strong>
        {x.step ? <> at {x.step}</> : null}
        {x.status === "handoff" ? " handed this conversation to a person" : null}
        {x.error ? <>: {x.error}</> : null}
      </span>
      <ExecutionStatusBadge status={x.status} />
      <span className="ml-auto flex gap-2">
        <Link
          href={`/p/${slug}/workflows/${x.workflowId}?execution=${x.id}`}
          className="rounded px-2 py-1 text-xs underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-ring"
        >
          Open step
        </Link>
        {x.status !== "failed" ? (
          <ConfirmButton
            label="Stop"
            ariaLabel="Stop the workflow in this conversation"
            title="Stop the workflow?"
            description="It sends nothing more in this conversation; you reply from here."
            confirmLabel="Stop workflow"
            onConfirm={stop}
          />
        ) : null}
      </span>
    </div>
  );
}

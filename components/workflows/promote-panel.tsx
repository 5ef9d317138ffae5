"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { listWorkflowsAction, previewPromotionAction, promoteWorkflowAction } from "@/lib/workflows/actions";
import type { NodeRef, PromotionDiff } from "@/lib/workflows/promotion";
import { unwrap, workflowKeys } from "@/lib/workflows/query-keys";

const nodeName = (n: NodeRef) => n.displayName || n.id;

function DiffList({ title, items, tone }: { title: string; items: string[]; tone: string }) {
  if (items.length === 0) return null;
  return (
    <div>
      <div className={`text-xs font-medium ${tone}`}>
        {title} ({items.length})
      </div>
      <ul className="mt-0.5 list-inside list-disc text-sm">
        {items.slice(0, 8).map((t) => (
          <li key={t} className="truncate">
            {t}
          </li>
        ))}
        {items.length > 8 ? <li className="text-muted-foreground">and {items.length - 8} more</li> : null}
      </ul>
    </div>
  );
}

export function DiffSummary({ diff }: { diff: PromotionDiff }) {
  if (diff.identical) {
    return (
      <p className="text-sm text-muted-foreground">
        Nothing to promote: the target already runs the same steps and connections
        {diff.nodes.moved ? ` (${diff.nodes.moved} steps sit elsewhere on the canvas)` : ""}.
      </p>
    );
  }
  const edge = (e: { source: string; target: string; label: string }) =>
    `${e.source} → ${e.target} (${e.label})`;
  return (
    <div className="space-y-2" data-testid="promotion-diff">
      <DiffList
        title="Steps added"
        items={diff.nodes.added.map(nodeName)}
        tone="text-emerald-700 dark:text-emerald-400"
      />
      <DiffList title="Steps removed" items={diff.nodes.removed.map(nodeName)} tone="text-destructive" />
      <DiffList
        title="Steps changed"
        items={diff.nodes.changed.map(nodeName)}
        tone="text-amber-700 dark:text-amber-400"
      />
      <DiffList
        title="Connections added"
        items={diff.edges.added.map(edge)}
        tone="text-emerald-700 dark:text-emerald-400"
      />
      <DiffList title="Connections removed" items={diff.edges.removed.map(edge)} tone="text-destructive" />
      {diff.nodes.moved ? (
        <p className="text-xs text-muted-foreground">{diff.nodes.moved} steps moved on the canvas.</p>
      ) : null}
    </div>
  );
}

/**
 * Promote this workflow's definition onto another workflow of the project (dev → production): pick the
 * target, read what would change, confirm. The target gets a new version, so it can be rolled back.
 */
export function PromotePanel({
  projectId,
  workflowId,
  onPromoted,
}: {
  projectId: string;
  workflowId: string;
  onPromoted?: (targetId: string, version: number) => void;
}) {
  const queryClient = useQueryClient();
  const [targetId, setTargetId] = useState<string>("");
  const [pending, start] = useTransition();
  const targets = useQuery({
    queryKey: workflowKeys.list(projectId),
    queryFn: async () => unwrap(await listWorkflowsAction({ projectId })),
  });
  const preview = useQuery({
    queryKey: workflowKeys.promotion(projectId, workflowId, targetId),
    enabled: !!targetId,
    staleTime: 0,
    queryFn: async () => unwrap(await previewPromotionAction({ projectId, sourceId: workflowId, targetId })),
  });

  function promote() {
    const p = preview.data;
    if (!p) return;
    start(async () => {
      const r = await promoteWorkflowAction({
        projectId,
        sourceId: workflowId,
        targetId,
        expectedTargetVersion: p.target.version,
      });
      if (!r.ok) {
        toast.error(r.error);
        // The target moved on since the diff was shown: show the fresh one.
        if (r.code === "conflict") void preview.refetch();
        return;
      }
      toast.success(`Promoted to ${p.target.name} as version ${r.data.version}`);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all(projectId) });
      onPromoted?.(targetId, r.data.version);
    });
  }

  const options = (targets.data ?? []).filter((w) => w.id !== workflowId);

  return (
    <div className="space-y-3">
      <div className="space-y-1.5">
        <Label htmlFor="promote-target">Promote to</Label>
        {targets.isPending ? (
          <Skeleton className="h-9 w-full" />
        ) : (
          <Select value={targetId} onValueChange={setTargetId} disabled={options.length === 0}>
            <SelectTrigger id="promote-target" className="w-full">
              <SelectValue placeholder={options.length ? "Choose a workflow" : "No other workflows"} />
            </SelectTrigger>
            <SelectContent>
              {options.map((w) => (
                <SelectItem key={w.id} value={w.id}>
                  {w.name} · v{w.version} · {w.status.toLowerCase()}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </div>
      {targetId ? (
        preview.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : preview.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {preview.error.message}
          </p>
        ) : (
          <div className="space-y-3 rounded-md border p-3">
            <div className="flex items-center gap-2 text-sm">
              <span className="font-medium">{preview.data.source.name}</span>
              <span className="text-muted-foreground">v{preview.data.source.version}</span>
              <ArrowRight className="size-4 text-muted-foreground" />
              <span className="font-medium">{preview.data.target.name}</span>
              <span className="text-muted-foreground">v{preview.data.target.version}</span>
            </div>
            <DiffSummary diff={preview.data.diff} />
            <div className="flex justify-end">
              <Button size="sm" onClick={promote} disabled={pending || preview.data.diff.identical}>
                {pending ? <Spinner /> : null}
                Promote
              </Button>
            </div>
          </div>
        )
      ) : null}
    </div>
  );
}

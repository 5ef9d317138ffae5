"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { listVersionsAction, restoreVersionAction } from "@/lib/workflows/actions";
import type { WorkflowDefinition } from "@/lib/workflows/definition";
import { describeChanges } from "@/lib/workflows/versions";

const versionsKey = (workflowId: string) => ["workflows", workflowId, "versions"] as const;

export function VersionsSheet({
  open,
  onOpenChange,
  projectId,
  workflowId,
  currentVersion,
  readOnly,
  onRestored,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  projectId: string;
  workflowId: string;
  currentVersion: number;
  readOnly: boolean;
  onRestored: (def: WorkflowDefinition, version: number) => void;
}) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: [...versionsKey(workflowId), currentVersion],
    enabled: open,
    queryFn: async () => {
      const r = await listVersionsAction({ projectId, workflowId });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
  });

  const restore = async (version: number) => {
    setBusy(version);
    const r = await restoreVersionAction({ projectId, workflowId, version, expectedVersion: currentVersion });
    setBusy(null);
    if (!r.ok) {
      toast.error(r.error);
      return;
    }
    onRestored(r.data.definition, r.data.version);
    await qc.invalidateQueries({ queryKey: versionsKey(workflowId) });
    toast.success(`Restored version ${version} as version ${r.data.version}`);
    onOpenChange(false);
  };

  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent>
        <SheetHeader>
          <SheetTitle>Version history</SheetTitle>
          <SheetDescription>
            Edits save as you go; each editing session is one version. Activating publishes the newest as the
            live one. Restoring a version saves it again as the newest.
          </SheetDescription>
        </SheetHeader>
        <ul className="flex flex-col gap-1 overflow-y-auto px-4 pb-4 text-sm">
          {versions.isPending && <li className="text-muted-foreground">Loading…</li>}
          {versions.error && <li className="text-destructive">{versions.error.message}</li>}
          {versions.data?.map((v) => (
            <li
              key={v.version}
              className="flex items-center gap-3 rounded-md border px-3 py-2"
              data-testid="version-row"
            >
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  Version {v.version}
                  {v.version === currentVersion && <span className="ml-2 text-xs text-primary">draft</span>}
                  {v.live ? (
                    <span className="ml-2 rounded bg-emerald-600/15 px-1.5 text-xs text-emerald-700 dark:text-emerald-400">
                      live
                    </span>
                  ) : v.published ? (
                    <span className="ml-2 text-xs text-muted-foreground">was published</span>
                  ) : null}
                </p>
                {v.changes && (
                  <p className="text-xs" data-testid="version-changes">
                    {describeChanges(v.changes)}
                  </p>
                )}
                <p className="truncate text-xs text-muted-foreground">
                  {new Date(v.updatedAt).toLocaleString()}
                  {v.saveCount > 1 ? ` (${v.saveCount} saves)` : ""} ·{" "}
                  {v.createdBy?.name ?? v.createdBy?.email ?? "unknown"} · {v.nodeCount} steps
                  {v.note ? ` · ${v.note}` : ""}
                </p>
              </div>
              {!readOnly && v.version !== currentVersion && (
                <Button
                  size="sm"
                  variant="outline"
                  disabled={busy !== null}
                  onClick={() => restore(v.version)}
                >
                  {busy === v.version ? "Restoring…" : "Restore"}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </SheetContent>
    </Sheet>
  );
}

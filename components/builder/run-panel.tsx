"use client";

import { X } from "lucide-react";
import Link from "next/link";
import { ExecutionStatusBadge } from "@/components/executions/execution-status";
import { Button } from "@/components/ui/button";
import type { CanvasPath } from "./canvas";

/** What the canvas needs of an execution to draw its path and its transcript beside it. */
export interface RunView {
  id: string;
  status: string;
  startedAt: string;
  currentStep: string | null;
  /** Step ids in the order they ran. */
  path: string[];
  /** Steps and messages in time order. */
  timeline: (
    | { kind: "step"; key: string; at: string; nodeId: string; what: string }
    | { kind: "message"; key: string; at: string; direction: "inbound" | "outbound"; text: string }
  )[];
}

export function canvasPath(run: RunView): CanvasPath {
  const edges = new Set<string>();
  for (let i = 1; i < run.path.length; i++) edges.add(`${run.path[i - 1]}>${run.path[i]}`);
  return {
    nodes: new Set(run.path),
    edges,
    current: run.status === "ended" ? null : (run.currentStep ?? run.path.at(-1) ?? null),
    status: run.status,
  };
}

/** The run beside the canvas: each step (click to find it on the graph) with the messages between them. */
export function RunPanel({
  run,
  nodeName,
  onFocus,
  projectSlug,
  workflowId,
}: {
  run: RunView;
  nodeName: (id: string) => string;
  onFocus: (id: string) => void;
  projectSlug: string;
  workflowId: string;
}) {
  const base = `/p/${projectSlug}/workflows/${workflowId}`;
  return (
    <aside
      aria-label="Execution path"
      className="absolute inset-y-0 right-0 z-20 flex w-full max-w-sm flex-col border-l bg-background shadow-lg md:static md:w-80 md:shadow-none"
      data-testid="run-panel"
    >
      <div className="flex items-center justify-between gap-2 border-b px-3 py-2">
        <div className="min-w-0">
          <p className="text-sm font-medium">Execution</p>
          <p className="truncate text-xs text-muted-foreground">
            {run.startedAt.replace("T", " ").slice(0, 19)} UTC · {run.path.length} steps
          </p>
        </div>
        <ExecutionStatusBadge status={run.status} />
        <Button variant="ghost" size="icon" aria-label="Close the execution path" asChild>
          <Link href={base}>
            <X />
          </Link>
        </Button>
      </div>
      <ol className="flex-1 space-y-1 overflow-y-auto p-3 text-sm">
        {run.timeline.map((t) =>
          t.kind === "step" ? (
            <li key={t.key}>
              <button
                type="button"
                onClick={() => onFocus(t.nodeId)}
                className="flex w-full items-baseline gap-2 rounded px-2 py-1 text-left hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
              >
                <span className="font-mono text-[11px] text-muted-foreground">{t.at.slice(11, 19)}</span>
                <span className="font-medium">{nodeName(t.nodeId)}</span>
                <span className="text-xs text-muted-foreground">{t.what}</span>
              </button>
            </li>
          ) : (
            <li
              key={t.key}
              className={`max-w-[85%] rounded-lg px-3 py-1.5 ${t.direction === "inbound" ? "bg-muted" : "ml-auto bg-primary/10"}`}
            >
              <span className="sr-only">{t.direction === "inbound" ? "Customer: " : "Sent: "}</span>
              {t.text}
            </li>
          ),
        )}
      </ol>
      <div className="border-t p-2">
        <Button variant="outline" size="sm" className="w-full" asChild>
          <Link href={`${base}/executions/${run.id}`}>Event log and variables</Link>
        </Button>
      </div>
    </aside>
  );
}

"use client";

import { AlertCircle, AlertTriangle, CheckCircle2 } from "lucide-react";
import type { Problem } from "@/lib/workflows/validate";

export function ProblemsPanel({
  problems,
  nodeName,
  onFocus,
}: {
  problems: Problem[];
  nodeName: (id: string) => string;
  onFocus: (nodeId: string) => void;
}) {
  if (problems.length === 0) {
    return (
      <p className="flex items-center gap-2 p-3 text-sm text-muted-foreground">
        <CheckCircle2 className="size-4 text-emerald-600" aria-hidden /> No problems
      </p>
    );
  }
  return (
    <ul className="max-h-56 overflow-auto p-1 text-sm" data-testid="problems-list">
      {problems.map((p) => {
        const Icon = p.severity === "error" ? AlertCircle : AlertTriangle;
        return (
          <li key={`${p.nodeId}-${p.code}-${p.message}`}>
            <button
              type="button"
              disabled={!p.nodeId}
              onClick={() => p.nodeId && onFocus(p.nodeId)}
              className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left hover:bg-accent disabled:hover:bg-transparent"
            >
              <Icon
                className={`mt-0.5 size-4 shrink-0 ${p.severity === "error" ? "text-destructive" : "text-amber-600 dark:text-amber-400"}`}
                aria-label={p.severity}
              />
              <span className="min-w-0">
                {p.nodeId && <span className="font-medium">{nodeName(p.nodeId)}: </span>}
                {p.message}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

const STYLES: Record<string, string> = {
  running: "border-sky-500/40 bg-sky-500/10 text-sky-700 dark:text-sky-300",
  waiting: "border-violet-500/40 bg-violet-500/10 text-violet-700 dark:text-violet-300",
  handoff: "border-amber-500/50 bg-amber-500/10 text-amber-800 dark:text-amber-300",
  ended: "border-border bg-muted text-muted-foreground",
  failed: "border-destructive/40 bg-destructive/10 text-destructive",
};
const LABELS: Record<string, string> = {
  running: "Running",
  waiting: "Waiting",
  handoff: "Handoff",
  ended: "Ended",
  failed: "Failed",
};

/** An execution's status as a badge (Running, Waiting, Handoff, Ended, Failed). */
export function ExecutionStatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge variant="outline" className={cn(STYLES[status] ?? "", className)} data-execution-status={status}>
      {LABELS[status] ?? status}
    </Badge>
  );
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} days`;
}

import { Badge } from "@/components/ui/badge";
import { QUALITY } from "@/components/ui/quality";
import { cn } from "@/lib/utils";

const TONE: Record<string, string> = {
  APPROVED: "border-transparent bg-emerald-700 text-white dark:bg-emerald-500 dark:text-emerald-950",
  PENDING: "border-transparent bg-amber-500 text-amber-950",
  REJECTED: "border-transparent bg-destructive text-destructive-foreground",
  PAUSED: "border-transparent bg-orange-700 text-white",
  DISABLED: "border-transparent bg-muted text-muted-foreground",
};

export function StatusBadge({ status }: { status: string }) {
  const word = status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");
  return (
    <Badge variant="outline" className={cn(TONE[status])} data-testid="template-status">
      {word}
    </Badge>
  );
}

export function QualityDot({ score }: { score: string | null }) {
  const q = score ? QUALITY[score] : undefined;
  if (!q) return <span className="text-muted-foreground">Unknown</span>;
  return (
    <span className="inline-flex items-center gap-2">
      <span aria-hidden="true" className={cn("size-2 rounded-full", q.dot)} />
      {q.label}
    </span>
  );
}

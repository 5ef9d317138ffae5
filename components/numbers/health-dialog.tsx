"use client";

import { CheckCircle2, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { CHECK_LABELS, CHECK_ORDER, type HealthReport, remedy } from "@/lib/numbers/health";
import { runHealthCheckAction, subscribeAppAction } from "@/lib/numbers/health-actions";
import { cn } from "@/lib/utils";

const TONE: Record<string, string> = {
  healthy: "border-transparent bg-emerald-700 text-white dark:bg-emerald-500 dark:text-emerald-950",
  degraded: "border-transparent bg-amber-500 text-amber-950",
  unhealthy: "border-transparent bg-destructive text-destructive-foreground",
  error: "border-transparent bg-destructive text-destructive-foreground",
};

export function HealthBadge({ report }: { report: HealthReport | undefined }) {
  if (!report) return <Badge variant="outline">Not checked</Badge>;
  return (
    <Badge variant="outline" className={cn(TONE[report.status])} data-testid="health-status">
      {report.status.charAt(0).toUpperCase() + report.status.slice(1)}
    </Badge>
  );
}

export function HealthDialog({
  projectId,
  numberId,
  display,
  report,
  onClose,
}: {
  projectId: string;
  numberId: string;
  display: string;
  report: HealthReport | undefined;
  onClose: () => void;
}) {
  const router = useRouter();
  const [current, setCurrent] = useState(report);
  const [testTo, setTestTo] = useState("");
  const [pending, start] = useTransition();
  const run = (subscribe = false) =>
    start(async () => {
      const r = subscribe
        ? await subscribeAppAction({ projectId, numberId })
        : await runHealthCheckAction({ projectId, numberId, testTo });
      if (!r.ok) toast.error(r.error);
      else {
        setCurrent(r.data);
        router.refresh();
      }
    });
  return (
    <Dialog open onOpenChange={(o) => !o && !pending && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            Health of {display} <HealthBadge report={current} />
          </DialogTitle>
          <DialogDescription>
            {current ? `Checked ${new Date(current.checked_at).toLocaleString()}.` : "Not checked yet."}{" "}
            Checks run every hour and on demand.
          </DialogDescription>
        </DialogHeader>
        {current ? (
          <ul className="space-y-3" aria-label="Checks">
            {CHECK_ORDER.filter((k) => current.checks[k]).map((k) => {
              const c = current.checks[k]!;
              return (
                <li
                  key={k}
                  className="space-y-1 rounded-md border p-3"
                  data-testid="health-check"
                  data-check={k}
                  data-passed={c.passed}
                >
                  <div className="flex items-center gap-2 text-sm font-medium">
                    {c.passed ? (
                      <CheckCircle2 className="size-4 text-emerald-600" aria-label="Passed" />
                    ) : (
                      <XCircle className="size-4 text-destructive" aria-label="Failed" />
                    )}
                    {CHECK_LABELS[k]}
                    {c.overall_status ? (
                      <span className="text-xs text-muted-foreground">({c.overall_status})</span>
                    ) : null}
                  </div>
                  {c.error ? <p className="text-xs text-destructive">{c.error}</p> : null}
                  {!c.passed ? (
                    <p className="text-xs" data-testid="health-remedy">
                      <span className="font-medium">What to do: </span>
                      {remedy(k, c)}
                    </p>
                  ) : null}
                  {k === "webhook_subscription" && !c.passed ? (
                    <Button size="sm" variant="outline" disabled={pending} onClick={() => run(true)}>
                      Subscribe the app
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <div className="flex-1 space-y-1">
            <Label htmlFor="health-test-to">Also send a test message to (optional)</Label>
            <Input
              id="health-test-to"
              value={testTo}
              placeholder="+15551234567"
              onChange={(e) => setTestTo(e.target.value)}
            />
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? <Spinner /> : null}
            Check now
          </Button>
        </form>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose} disabled={pending}>
            Close
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

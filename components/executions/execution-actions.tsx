"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { changeExecutionStatusAction, resumeExecutionAction } from "@/lib/workflows/engine/actions";

/** Resume, hand off or stop an execution (admins); each asks the server, then refreshes the page. */
export function ExecutionActions({
  projectId,
  executionId,
  status,
  compact = false,
}: {
  projectId: string;
  executionId: string;
  status: string;
  compact?: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const live = status === "running" || status === "waiting" || status === "handoff";
  if (!live) return null;
  const change = async (to: "ended" | "handoff" | "waiting") => {
    const r = await changeExecutionStatusAction({ projectId, executionId, status: to });
    if (r.ok) {
      toast.success(
        to === "ended" ? "Workflow stopped" : to === "handoff" ? "Handed off to a person" : "Set to waiting",
      );
      router.refresh();
    } else toast.error(r.error);
  };
  const resume = () =>
    start(async () => {
      const r = await resumeExecutionAction({ projectId, executionId });
      if (r.ok) {
        toast.success(status === "handoff" ? "Back to waiting" : "Resumed");
        router.refresh();
      } else toast.error(r.error);
    });
  return (
    <div className="flex flex-wrap gap-2">
      {status === "waiting" || status === "handoff" ? (
        <Button size="sm" variant="outline" onClick={resume} disabled={pending}>
          {status === "handoff" ? "Resume from handoff" : "Resume"}
        </Button>
      ) : null}
      {status !== "handoff" && !compact ? (
        <Button size="sm" variant="outline" onClick={() => start(() => change("handoff"))} disabled={pending}>
          Hand off
        </Button>
      ) : null}
      <ConfirmButton
        label="Stop"
        ariaLabel="Stop this workflow execution"
        title="Stop this execution?"
        description="It ends now and sends nothing more. A new message from the customer may start the workflow again."
        confirmLabel="Stop execution"
        onConfirm={() => change("ended")}
      />
    </div>
  );
}

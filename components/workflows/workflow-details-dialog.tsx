"use client";

import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { toast } from "sonner";
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
import { Textarea } from "@/components/ui/textarea";
import { useActionForm } from "@/components/ui/use-action-form";
import { createWorkflowAction, updateWorkflowDetailsAction } from "@/lib/workflows/actions";
import type { WorkflowSummaryDto } from "@/lib/workflows/data";

/** Create a workflow (then open it on the canvas), or rename / describe an existing one. */
export function WorkflowDetailsDialog({
  projectId,
  projectSlug,
  workflow,
  open,
  onOpenChange,
}: {
  projectId: string;
  projectSlug: string;
  /** Omitted: create. */
  workflow?: WorkflowSummaryDto;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const { fields, error, pending, reset, submit: run } = useActionForm();
  const editing = !!workflow;

  function close(o: boolean) {
    if (pending) return;
    onOpenChange(o);
    if (!o) reset();
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "");
    const description = String(form.get("description") ?? "");
    run<{ id: string }>(
      () =>
        workflow
          ? updateWorkflowDetailsAction({ projectId, workflowId: workflow.id, name, description })
          : createWorkflowAction({ projectId, name, description }),
      (data) => {
        onOpenChange(false);
        if (workflow) {
          toast.success("Saved");
          router.refresh();
        } else {
          router.push(`/p/${projectSlug}/workflows/${data.id}`);
        }
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>{editing ? "Workflow details" : "New workflow"}</DialogTitle>
          <DialogDescription>
            {editing
              ? "The name and description help your team find the right workflow."
              : "It starts as a draft with only a start step; you build it on the canvas next."}
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor="workflow-name">Name</Label>
            <Input
              id="workflow-name"
              name="name"
              autoFocus
              autoComplete="off"
              maxLength={100}
              defaultValue={workflow?.name}
              placeholder="e.g. Order status"
              aria-invalid={!!fields.name}
              aria-describedby={fields.name ? "workflow-name-error" : undefined}
              required
            />
            {fields.name ? (
              <p id="workflow-name-error" className="text-sm text-destructive">
                {fields.name}
              </p>
            ) : null}
          </div>
          <div className="space-y-2">
            <Label htmlFor="workflow-description">
              Description <span className="font-normal text-muted-foreground">(optional)</span>
            </Label>
            <Textarea
              id="workflow-description"
              name="description"
              rows={3}
              maxLength={500}
              defaultValue={workflow?.description}
              placeholder="What it does and when it runs"
              aria-invalid={!!fields.description}
            />
            {fields.description ? <p className="text-sm text-destructive">{fields.description}</p> : null}
          </div>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              {editing ? "Save" : "Create and open"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

"use client";

import type { FormEvent } from "react";
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
import { useActionForm } from "@/components/ui/use-action-form";
import { createEnvVariableAction, updateEnvVariableAction } from "@/lib/workflows/actions";
import type { EnvVariableDto } from "@/lib/workflows/env-variables";

/** Add a variable, or edit one. A secret's stored values are never sent here: empty fields keep them. */
export function EnvVariableDialog({
  projectId,
  workflowId,
  variable,
  open,
  onOpenChange,
  onSaved,
}: {
  projectId: string;
  workflowId: string | null;
  /** Omitted: add. */
  variable?: EnvVariableDto;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onSaved: () => void;
}) {
  // A key that is taken is named beside the field and above the form.
  const { fields, error, pending, reset, submit: run } = useActionForm({ alwaysShowError: true });
  const secretAlready = !!variable?.secret;

  function close(o: boolean) {
    if (pending) return;
    onOpenChange(o);
    if (!o) reset();
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const dev = String(form.get("developmentValue") ?? "");
    const prod = String(form.get("productionValue") ?? "");
    const secret = secretAlready || form.get("secret") === "on";
    run(
      () =>
        variable
          ? updateEnvVariableAction({
              projectId,
              variableId: variable.id,
              // For a secret an empty field means "keep what is stored".
              developmentValue: secretAlready && dev === "" ? undefined : dev,
              productionValue: secretAlready && prod === "" ? undefined : prod,
              secret,
            })
          : createEnvVariableAction({
              projectId,
              workflowId,
              key: String(form.get("key") ?? ""),
              developmentValue: dev,
              productionValue: prod,
              secret,
            }),
      () => {
        onOpenChange(false);
        onSaved();
      },
    );
  }

  const keepHint = secretAlready ? "Hidden: leave empty to keep it" : undefined;

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{variable ? `Edit ${variable.key}` : "Add variable"}</DialogTitle>
          <DialogDescription>
            Use it in any step as{" "}
            <code className="font-mono">
              {"$"}
              {"{ENV:KEY}"}
            </code>
            . Executions in development and production each read their own value.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor="env-key">Key</Label>
            <Input
              id="env-key"
              name="key"
              className="font-mono"
              autoComplete="off"
              autoFocus={!variable}
              defaultValue={variable?.key}
              disabled={!!variable}
              placeholder="STRIPE_API_KEY"
              maxLength={100}
              aria-invalid={!!fields.key}
            />
            {fields.key ? <p className="text-sm text-destructive">{fields.key}</p> : null}
          </div>
          <div className="space-y-2">
            <Label htmlFor="env-dev">Development value</Label>
            <Input
              id="env-dev"
              name="developmentValue"
              autoComplete="off"
              type={secretAlready ? "password" : "text"}
              defaultValue={variable?.developmentValue ?? ""}
              placeholder={keepHint}
              aria-invalid={!!fields.developmentValue}
            />
          </div>
          <div className="space-y-2">
            <Label htmlFor="env-prod">Production value</Label>
            <Input
              id="env-prod"
              name="productionValue"
              autoComplete="off"
              type={secretAlready ? "password" : "text"}
              defaultValue={variable?.productionValue ?? ""}
              placeholder={keepHint}
              aria-invalid={!!fields.productionValue}
            />
          </div>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="secret"
              className="mt-0.5 size-4 accent-primary"
              defaultChecked={secretAlready}
              disabled={secretAlready}
            />
            <span>
              <span className="font-medium">Secret</span>
              <span className="block text-muted-foreground">
                Stored encrypted and never shown again after saving. A secret cannot be made visible later.
              </span>
            </span>
          </label>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              {variable ? "Save" : "Add variable"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

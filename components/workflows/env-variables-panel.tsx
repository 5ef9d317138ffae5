"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock, MoreHorizontal, Pencil, Trash2, Variable } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { deleteEnvVariableAction, effectiveEnvAction, listEnvVariablesAction } from "@/lib/workflows/actions";
import type { EnvVariableDto } from "@/lib/workflows/env-variables";
import { unwrap, workflowKeys } from "@/lib/workflows/query-keys";
import type { Environment } from "@/lib/workflows/schema";
import { EnvVariableDialog } from "./env-variable-dialog";

const MASK = "••••••••";

function Value({ value, has, secret }: { value: string | null; has: boolean; secret: boolean }) {
  if (secret) {
    return has ? (
      <span className="font-mono text-muted-foreground" title="Secret: hidden after saving">
        {MASK}
      </span>
    ) : (
      <span className="text-muted-foreground italic">not set</span>
    );
  }
  return value ? (
    <span className="font-mono text-sm break-all">{value}</span>
  ) : (
    <span className="text-muted-foreground italic">not set</span>
  );
}

function RowActions({
  projectId,
  variable,
  onEdit,
  onChanged,
}: {
  projectId: string;
  variable: EnvVariableDto;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  function remove() {
    start(async () => {
      const r = await deleteEnvVariableAction({ projectId, variableId: variable.id });
      setConfirming(false);
      if (!r.ok) toast.error(r.error);
      else toast.success(`${variable.key} was deleted`);
      onChanged();
    });
  }
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button size="icon" variant="ghost" className="size-8" aria-label={`Actions for ${variable.key}`}>
            {pending ? <Spinner /> : <MoreHorizontal className="size-4" />}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={onEdit}>
            <Pencil /> Edit
          </DropdownMenuItem>
          <DropdownMenuItem variant="destructive" onSelect={() => setConfirming(true)}>
            <Trash2 /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <AlertDialog open={confirming} onOpenChange={(o) => !pending && setConfirming(o)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {variable.key}?</AlertDialogTitle>
            <AlertDialogDescription>
              Steps that use <code className="font-mono">{`\${ENV:${variable.key}}`}</code> get an empty value
              from now on{variable.scope === "workflow" ? ", or the project-level value if there is one" : ""}
              .
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              disabled={pending}
              onClick={(e) => {
                e.preventDefault();
                remove();
              }}
            >
              {pending ? <Spinner /> : null}
              Delete
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

/** What one workflow sees after workflow-level values override project-level ones. */
function EffectiveValues({ projectId, workflowId }: { projectId: string; workflowId: string }) {
  const [environment, setEnvironment] = useState<Environment>("development");
  const effective = useQuery({
    queryKey: workflowKeys.effectiveEnv(projectId, workflowId, environment),
    queryFn: async () => unwrap(await effectiveEnvAction({ projectId, workflowId, environment })),
  });
  return (
    <section aria-label="Effective values" className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">What this workflow sees</h3>
        <fieldset className="flex rounded-md border p-0.5 text-xs" aria-label="Environment">
          {(["development", "production"] as const).map((env) => (
            <button
              key={env}
              type="button"
              aria-pressed={environment === env}
              className={cn(
                "rounded px-2 py-1 capitalize",
                environment === env ? "bg-secondary font-medium" : "text-muted-foreground",
              )}
              onClick={() => setEnvironment(env)}
            >
              {env}
            </button>
          ))}
        </fieldset>
      </div>
      {effective.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : effective.isError ? (
        <p role="alert" className="text-sm text-destructive">
          {effective.error.message}
        </p>
      ) : effective.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No variables in scope.</p>
      ) : (
        <ul className="divide-y rounded-md border text-sm">
          {effective.data.map((e) => (
            <li key={e.key} className="flex items-center gap-3 px-3 py-2">
              <span className="font-mono font-medium">{e.key}</span>
              <span className="min-w-0 flex-1 truncate">
                <Value value={e.value} has secret={e.secret} />
              </span>
              <Badge variant="outline">{e.source === "workflow" ? "this workflow" : "project"}</Badge>
              {e.overridesProject ? (
                <span className="text-xs text-muted-foreground">overrides project</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Environment variables of the project (workflowId null) or of one workflow, with the effective view for
 * a workflow. Self-contained (TanStack Query over the server actions), so the canvas can embed it too.
 */
export function EnvVariablesPanel({
  projectId,
  workflowId,
  canEdit,
}: {
  projectId: string;
  workflowId: string | null;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<EnvVariableDto>();
  const variables = useQuery({
    queryKey: workflowKeys.env(projectId, workflowId),
    queryFn: async () =>
      unwrap(await listEnvVariablesAction({ projectId, workflowId: workflowId ?? undefined })),
  });
  // Any change can alter what every workflow sees, so refetch all env views of the project.
  const changed = () =>
    void queryClient.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === "workflows" &&
        q.queryKey[1] === projectId &&
        (q.queryKey[2] === "env" || q.queryKey[2] === "effective-env"),
    });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">
          {workflowId
            ? "Variables of this workflow win over project-level variables with the same key."
            : "Shared by every workflow of the project; a workflow can override a key with its own value."}
        </p>
        {canEdit ? <Button onClick={() => setAdding(true)}>Add variable</Button> : null}
      </div>
      {variables.isPending ? (
        <div className="space-y-2">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : variables.isError ? (
        <div role="alert" className="flex items-center justify-between gap-3 rounded-md border p-3 text-sm">
          <span>Could not load variables: {variables.error.message}</span>
          <Button size="sm" variant="outline" onClick={() => void variables.refetch()}>
            Try again
          </Button>
        </div>
      ) : variables.data.length === 0 ? (
        <EmptyState
          icon={Variable}
          title="No variables yet"
          description="Keep URLs, tokens and other settings out of your steps: reference them as ${ENV:KEY}."
          action={canEdit ? <Button onClick={() => setAdding(true)}>Add variable</Button> : undefined}
        />
      ) : (
        <Table aria-label="Environment variables">
          <TableHeader>
            <TableRow>
              <TableHead>Key</TableHead>
              <TableHead>Development</TableHead>
              <TableHead>Production</TableHead>
              {canEdit ? (
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {variables.data.map((v) => (
              <TableRow key={v.id} data-testid="env-variable-row">
                <TableCell>
                  <span className="font-mono font-medium break-all">{v.key}</span>
                  {v.secret ? (
                    <Badge variant="secondary" className="ml-2">
                      <Lock /> Secret
                    </Badge>
                  ) : null}
                </TableCell>
                <TableCell className="max-w-56">
                  <Value value={v.developmentValue} has={v.hasDevelopmentValue} secret={v.secret} />
                </TableCell>
                <TableCell className="max-w-56">
                  <Value value={v.productionValue} has={v.hasProductionValue} secret={v.secret} />
                </TableCell>
                {canEdit ? (
                  <TableCell className="text-right">
                    <RowActions
                      projectId={projectId}
                      variable={v}
                      onEdit={() => setEditing(v)}
                      onChanged={changed}
                    />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {workflowId ? <EffectiveValues projectId={projectId} workflowId={workflowId} /> : null}
      {canEdit ? (
        <>
          <EnvVariableDialog
            projectId={projectId}
            workflowId={workflowId}
            open={adding}
            onOpenChange={setAdding}
            onSaved={changed}
          />
          {editing ? (
            <EnvVariableDialog
              key={editing.id}
              projectId={projectId}
              workflowId={workflowId}
              variable={editing}
              open
              onOpenChange={(o) => !o && setEditing(undefined)}
              onSaved={changed}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

"use client";

import { Bot, CheckCircle2, Pencil, PlugZap, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  deleteModelProviderAction,
  testModelProviderAction,
  updateModelProviderAction,
} from "@/lib/models/actions";
import type { ModelProviderDto } from "@/lib/models/data";
import { PROVIDER_KIND_LABELS } from "@/lib/models/schema";
import { timeAgo } from "@/lib/utils";
import { ModelProviderDialog } from "./model-provider-dialog";

function TestButton({ projectId, provider }: { projectId: string; provider: ModelProviderDto }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="ghost"
      disabled={pending}
      aria-label={`Test the connection to ${provider.name}`}
      onClick={() =>
        start(async () => {
          const r = await testModelProviderAction({ projectId, providerId: provider.id });
          if (!r.ok) toast.error(r.error);
          else if (r.data.ok) toast.success(`${provider.name} answered in ${r.data.latencyMs} ms`);
          else toast.error(`${provider.name}: ${r.data.error.message}`);
          router.refresh();
        })
      }
    >
      {pending ? <Spinner /> : <PlugZap className="size-4" />} Test
    </Button>
  );
}

function LastTest({ test }: { test: ModelProviderDto["lastTest"] }) {
  if (!test) return <span className="text-muted-foreground">Not tested</span>;
  const when = (
    <time dateTime={test.at} title={new Date(test.at).toLocaleString()} suppressHydrationWarning>
      {timeAgo(test.at)}
    </time>
  );
  return test.ok ? (
    <span
      className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-300"
      data-testid="test-ok"
    >
      <CheckCircle2 className="size-4 shrink-0" aria-hidden="true" /> Connected {when}
    </span>
  ) : (
    <span className="inline-flex flex-col text-destructive" data-testid="test-failed">
      <span className="inline-flex items-center gap-1">
        <XCircle className="size-4 shrink-0" aria-hidden="true" /> Failed {when}
      </span>
      {test.error ? <span className="text-xs break-words">{test.error}</span> : null}
    </span>
  );
}

export function ModelsView({ projectId, providers }: { projectId: string; providers: ModelProviderDto[] }) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ModelProviderDto>();
  const [pendingDefault, startDefault] = useTransition();

  const makeDefault = (p: ModelProviderDto) =>
    startDefault(async () => {
      const r = await updateModelProviderAction({ projectId, providerId: p.id, isDefault: true });
      if (!r.ok) toast.error(r.error);
      else toast.success(`${p.name} is now the default provider`);
      router.refresh();
    });

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <CardTitle>Model providers</CardTitle>
          <CardDescription>
            The language models that AI decide and agent steps in workflows call: an OpenAI-compatible API,
            Anthropic or Ollama. Keys are stored encrypted and never shown again.
          </CardDescription>
        </div>
        {providers.length > 0 ? <Button onClick={() => setAdding(true)}>Add provider</Button> : null}
      </CardHeader>
      <CardContent>
        {providers.length === 0 ? (
          <EmptyState
            icon={Bot}
            title="No model providers yet"
            description="Add the model your workflows' AI steps should use. Until then, AI decide steps take their first condition and agent steps cannot run."
            action={<Button onClick={() => setAdding(true)}>Add provider</Button>}
          />
        ) : (
          <Table aria-label="Model providers">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden md:table-cell">Model</TableHead>
                <TableHead className="hidden lg:table-cell">Base URL</TableHead>
                <TableHead className="hidden sm:table-cell">API key</TableHead>
                <TableHead>Connection</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {providers.map((p) => (
                <TableRow key={p.id} data-testid="provider-row">
                  <TableCell className="align-top">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-words">{p.name}</span>
                      {p.isDefault ? <Badge variant="outline">Default</Badge> : null}
                    </div>
                    <div className="text-xs text-muted-foreground">{PROVIDER_KIND_LABELS[p.kind]}</div>
                    <div className="font-mono text-xs text-muted-foreground break-all md:hidden">
                      {p.defaultModel}
                    </div>
                  </TableCell>
                  <TableCell className="hidden align-top font-mono text-xs md:table-cell break-all">
                    {p.defaultModel}
                  </TableCell>
                  <TableCell className="hidden align-top font-mono text-xs lg:table-cell break-all">
                    {p.baseUrl}
                  </TableCell>
                  <TableCell className="hidden align-top sm:table-cell" data-testid="provider-key">
                    {p.apiKey.set ? (
                      <span className="font-mono text-xs" title="Only the last 4 characters are shown">
                        Set ····{p.apiKey.last4}
                      </span>
                    ) : (
                      <span className="text-muted-foreground">None</span>
                    )}
                  </TableCell>
                  <TableCell className="align-top text-sm">
                    <LastTest test={p.lastTest} />
                  </TableCell>
                  <TableCell className="text-right align-top">
                    <div className="flex flex-wrap items-center justify-end gap-1 lg:flex-nowrap">
                      <TestButton projectId={projectId} provider={p} />
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Edit ${p.name}`}
                        onClick={() => setEditing(p)}
                      >
                        <Pencil className="size-4" /> Edit
                      </Button>
                      {p.isDefault ? null : (
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={pendingDefault}
                          aria-label={`Make ${p.name} the default provider`}
                          onClick={() => makeDefault(p)}
                        >
                          Make default
                        </Button>
                      )}
                      <ConfirmButton
                        label="Delete"
                        ariaLabel={`Delete ${p.name}`}
                        title={`Delete ${p.name}?`}
                        description={
                          p.isDefault && providers.length > 1
                            ? "Its key is deleted with it. Steps that name it fall back to their first condition (decide) or fail (agent); the oldest remaining provider becomes the default."
                            : "Its key is deleted with it. Steps that use it fall back to their first condition (decide) or fail (agent) until another provider is added."
                        }
                        confirmLabel="Delete provider"
                        onConfirm={async () => {
                          const r = await deleteModelProviderAction({ projectId, providerId: p.id });
                          if (!r.ok) toast.error(r.error);
                          else toast.success(`${p.name} was deleted`);
                          router.refresh();
                        }}
                      />
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      {adding ? <ModelProviderDialog projectId={projectId} open onClose={() => setAdding(false)} /> : null}
      {editing ? (
        <ModelProviderDialog
          key={editing.id}
          projectId={projectId}
          provider={editing}
          open
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </Card>
  );
}

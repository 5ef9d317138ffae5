"use client";

import { Copy, KeyRound, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { copyText } from "@/components/ui/copy-text";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/api-keys/actions";
import type { ApiKeyDto } from "@/lib/api-keys/data";
import { cn, timeAgo } from "@/lib/utils";

type Created = { name: string; key: string };

function CreateApiKeyDialog({
  projectId,
  open,
  onOpenChange,
}: {
  projectId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const { fields, error, pending, reset, submit: run } = useActionForm();
  const [created, setCreated] = useState<Created>();

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      reset();
      setCreated(undefined);
    }
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "");
    run(
      () => createApiKeyAction({ projectId, name }),
      (data) => {
        setCreated({ name: name.trim(), key: data.key });
        router.refresh();
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-md">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your key now</DialogTitle>
              <DialogDescription>
                This is the only time the key “{created.name}” is shown. Store it somewhere safe, such as your
                app's secret settings.
              </DialogDescription>
            </DialogHeader>
            <div className="space-y-2 rounded-md border bg-muted/50 p-3">
              <div data-testid="new-api-key" className="font-mono text-sm break-all select-all">
                {created.key}
              </div>
              <div className="flex justify-end">
                <Button size="sm" variant="ghost" onClick={() => copyText(created.key, "API key")}>
                  <Copy className="size-4" /> Copy
                </Button>
              </div>
            </div>
            <p className="flex items-start gap-2 text-sm text-muted-foreground">
              <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400" />
              It will not be shown again. If you lose it, revoke it and create a new one.
            </p>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create API key</DialogTitle>
              <DialogDescription>
                Name it after the app or integration that will use it, so you know what to revoke later.
              </DialogDescription>
            </DialogHeader>
            <form onSubmit={submit} className="space-y-4" noValidate>
              {error ? (
                <p role="alert" className="text-sm text-destructive">
                  {error}
                </p>
              ) : null}
              <div className="space-y-2">
                <Label htmlFor="api-key-name">Name</Label>
                <Input
                  id="api-key-name"
                  name="name"
                  autoFocus
                  autoComplete="off"
                  maxLength={60}
                  placeholder="e.g. Support bot"
                  aria-invalid={!!fields.name}
                  aria-describedby={fields.name ? "api-key-name-error" : undefined}
                  required
                />
                {fields.name ? (
                  <p id="api-key-name-error" className="text-sm text-destructive">
                    {fields.name}
                  </p>
                ) : null}
              </div>
              <DialogFooter>
                <Button type="button" variant="ghost" onClick={() => close(false)}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending ? <Spinner /> : null}
                  Create key
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

function RevokeApiKey({ projectId, apiKey }: { projectId: string; apiKey: ApiKeyDto }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Revoke"
      ariaLabel={`Revoke ${apiKey.name}`}
      title={`Revoke ${apiKey.name}?`}
      description="Apps using it stop working at once: their requests are refused from now on. This cannot be undone; create a new key if you need access again."
      confirmLabel="Revoke key"
      onConfirm={async () => {
        const r = await revokeApiKeyAction({ projectId, keyId: apiKey.id });
        if (!r.ok) toast.error(r.error);
        else toast.success(`${apiKey.name} was revoked`);
        router.refresh();
      }}
    />
  );
}

function LastUsed({ iso }: { iso: string | null }) {
  // Relative to the viewer's clock, so server and browser may word it differently.
  return (
    <time
      dateTime={iso ?? undefined}
      title={iso ? new Date(iso).toLocaleString() : undefined}
      suppressHydrationWarning
    >
      {timeAgo(iso)}
    </time>
  );
}

export function ApiKeysView({
  projectId,
  keys,
  proxyBaseUrl,
}: {
  projectId: string;
  keys: ApiKeyDto[];
  proxyBaseUrl: string;
}) {
  const [creating, setCreating] = useState(false);

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <CardTitle>API keys</CardTitle>
          <CardDescription>
            Keys authenticate the Kapso-compatible APIs: send one in the{" "}
            <code className="font-mono text-foreground">X-API-Key</code> header. The WhatsApp Cloud API proxy
            lives at:
          </CardDescription>
          <div className="flex items-center gap-1">
            <code className="min-w-0 rounded-md border bg-muted/50 px-2 py-1 font-mono text-xs break-all">
              {proxyBaseUrl}
            </code>
            <Button
              size="icon"
              variant="ghost"
              className="size-8 shrink-0"
              aria-label="Copy API base URL"
              onClick={() => copyText(proxyBaseUrl, "Base URL")}
            >
              <Copy className="size-4" />
            </Button>
          </div>
        </div>
        <Button onClick={() => setCreating(true)}>Create API key</Button>
      </CardHeader>
      <CardContent>
        {keys.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No API keys yet"
            description="Create a key for each app or integration that calls Switchboard's APIs."
          />
        ) : (
          <Table aria-label="API keys">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Key</TableHead>
                <TableHead className="hidden sm:table-cell">Created</TableHead>
                <TableHead className="hidden sm:table-cell">Last used</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="w-20">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.map((k) => {
                const revoked = k.revokedAt !== null;
                return (
                  <TableRow
                    key={k.id}
                    data-testid="api-key-row"
                    data-revoked={revoked ? "true" : undefined}
                    className={cn(revoked && "text-muted-foreground")}
                  >
                    <TableCell>
                      <div className="font-medium break-words">{k.name}</div>
                      <div className="text-xs text-muted-foreground sm:hidden">
                        <span className="font-mono">{k.prefix}…</span> · used <LastUsed iso={k.lastUsedAt} />
                      </div>
                    </TableCell>
                    <TableCell className="hidden font-mono text-xs sm:table-cell">{k.prefix}…</TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <time dateTime={k.createdAt} suppressHydrationWarning>
                        {new Date(k.createdAt).toLocaleDateString()}
                      </time>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <LastUsed iso={k.lastUsedAt} />
                    </TableCell>
                    <TableCell>
                      {revoked ? (
                        <Badge variant="secondary">Revoked</Badge>
                      ) : (
                        <Badge variant="outline">Active</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      {revoked ? null : <RevokeApiKey projectId={projectId} apiKey={k} />}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <CreateApiKeyDialog projectId={projectId} open={creating} onOpenChange={setCreating} />
    </Card>
  );
}

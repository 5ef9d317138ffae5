"use client";

import { AppWindow, Pencil } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { revokeEmbedAction } from "@/lib/embeds/actions";
import type { EmbedDto, EmbedScopeOptions } from "@/lib/embeds/data";
import { cn, timeAgo } from "@/lib/utils";
import { CreateEmbedDialog } from "./embed-create-dialog";
import { EditEmbedDialog } from "./embed-edit-dialog";
import { MODE_LABEL } from "./embed-fields";

function RevokeEmbed({ projectId, embed }: { projectId: string; embed: EmbedDto }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Revoke"
      ariaLabel={`Revoke ${embed.name}`}
      title={`Revoke ${embed.name}?`}
      description="Open embeds stop working immediately: people using it are disconnected and its link no longer opens. This cannot be undone; create a new embed if you need one again."
      confirmLabel="Revoke embed"
      onConfirm={async () => {
        const r = await revokeEmbedAction({ projectId, embedId: embed.id });
        if (!r.ok) toast.error(r.error);
        else toast.success(`${embed.name} was revoked`);
        router.refresh();
      }}
    />
  );
}

function StatusBadge({ status }: { status: EmbedDto["status"] }) {
  if (status === "active") return <Badge variant="outline">Active</Badge>;
  if (status === "expired")
    return (
      <Badge variant="secondary" className="bg-amber-500/15 text-amber-900 dark:text-amber-200">
        Expired
      </Badge>
    );
  return <Badge variant="secondary">Revoked</Badge>;
}

function When({ iso, empty, relative }: { iso: string | null; empty: string; relative?: boolean }) {
  if (!iso) return <span className="text-muted-foreground">{empty}</span>;
  // Formatted in the viewer's locale and clock, so server and browser may word it differently.
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()} suppressHydrationWarning>
      {relative ? timeAgo(iso) : new Date(iso).toLocaleDateString()}
    </time>
  );
}

function Origins({ origins }: { origins: string[] }) {
  if (origins.length === 0)
    return (
      <span className="text-amber-700 dark:text-amber-300" title="No other website can frame this inbox">
        No site yet
      </span>
    );
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {origins.map((o) => (
        <li key={o} className="break-all">
          {o}
        </li>
      ))}
    </ul>
  );
}

export function EmbedsView({
  projectId,
  embeds,
  scopes,
}: {
  projectId: string;
  embeds: EmbedDto[];
  scopes: EmbedScopeOptions;
}) {
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<EmbedDto>();

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <CardTitle>Inbox embeds</CardTitle>
          <CardDescription>
            Put the inbox inside another app with an iframe: its users read and reply to WhatsApp
            conversations without a Switchboard account, limited to the whole project, one customer's numbers
            or one number.
          </CardDescription>
        </div>
        {/* With no embeds yet, the empty state below carries the one Create button. */}
        {embeds.length > 0 ? <Button onClick={() => setCreating(true)}>Create embed</Button> : null}
      </CardHeader>
      <CardContent>
        {embeds.length === 0 ? (
          <EmptyState
            icon={AppWindow}
            title="No inbox embeds yet"
            description="An embed is a private link to the inbox that you paste into another app as an iframe. It shows only the conversations of its scope, works only on the sites you allow, and can be revoked at any time."
            action={<Button onClick={() => setCreating(true)}>Create embed</Button>}
          />
        ) : (
          <Table aria-label="Inbox embeds">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden md:table-cell">Shows</TableHead>
                <TableHead className="hidden lg:table-cell">Allowed origins</TableHead>
                <TableHead className="hidden lg:table-cell">Mode</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="hidden sm:table-cell">Expires</TableHead>
                <TableHead className="hidden sm:table-cell">Last used</TableHead>
                <TableHead className="w-36">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {embeds.map((e) => {
                const revoked = e.status === "revoked";
                return (
                  <TableRow
                    key={e.id}
                    data-testid="embed-row"
                    data-status={e.status}
                    className={cn(revoked && "text-muted-foreground")}
                  >
                    <TableCell className="align-top">
                      <div className="font-medium break-words">{e.name}</div>
                      <div className="font-mono text-xs text-muted-foreground">{e.tokenPrefix}…</div>
                      <div className="text-xs text-muted-foreground md:hidden">{e.scopeName}</div>
                    </TableCell>
                    <TableCell className="hidden align-top md:table-cell">{e.scopeName}</TableCell>
                    <TableCell className="hidden align-top lg:table-cell">
                      <Origins origins={e.allowedOrigins} />
                    </TableCell>
                    <TableCell className="hidden align-top lg:table-cell">
                      {MODE_LABEL[e.defaultMode]}
                    </TableCell>
                    <TableCell className="align-top">
                      <StatusBadge status={e.status} />
                    </TableCell>
                    <TableCell className="hidden align-top sm:table-cell">
                      <When iso={e.expiresAt} empty="Never" />
                    </TableCell>
                    <TableCell className="hidden align-top sm:table-cell">
                      <When iso={e.lastUsedAt} empty="Never" relative />
                    </TableCell>
                    <TableCell className="text-right align-top whitespace-nowrap">
                      {revoked ? null : (
                        <div className="flex items-center justify-end gap-1">
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`Edit ${e.name}`}
                            onClick={() => setEditing(e)}
                          >
                            <Pencil className="size-4" /> Edit
                          </Button>
                          <RevokeEmbed projectId={projectId} embed={e} />
                        </div>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <CreateEmbedDialog projectId={projectId} scopes={scopes} open={creating} onOpenChange={setCreating} />
      {editing ? (
        <EditEmbedDialog
          key={editing.id}
          projectId={projectId}
          embed={editing}
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </Card>
  );
}

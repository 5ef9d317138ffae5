"use client";

import { Link2, MessagesSquare, Phone } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
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
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  attachNumberAction,
  deleteCustomerAction,
  detachNumberAction,
  revokeSetupLinkAction,
} from "@/lib/customers/actions";
import { CustomerFormDialog } from "./customer-form-dialog";
import { SetupLinkDialog } from "./setup-link-dialog";

export interface CustomerDetailView {
  id: string;
  name: string;
  externalId: string | null;
  createdAt: string;
  numbers: {
    id: string;
    phoneNumberId: string;
    displayPhoneNumber: string;
    verifiedName: string;
    kind: string;
  }[];
  conversations: {
    id: string;
    contactName: string | null;
    contactPhone: string | null;
    status: string;
    lastMessageAt: string | null;
    number: string;
  }[];
  conversationCount: number;
  embeds: { id: string; name: string; revoked: boolean }[];
  setupLinks: {
    id: string;
    status: string;
    tokenPrefix: string;
    language: string;
    allowedConnectionTypes: string[];
    expiresAt: string;
    usedAt: string | null;
    createdAt: string;
  }[];
  unattachedNumbers: { id: string; displayPhoneNumber: string; verifiedName: string }[];
}

const date = (iso: string | null) =>
  iso ? (
    <time dateTime={iso} suppressHydrationWarning>
      {new Date(iso).toLocaleString()}
    </time>
  ) : (
    "—"
  );

function DeleteCustomer({
  projectId,
  projectSlug,
  c,
}: {
  projectId: string;
  projectSlug: string;
  c: CustomerDetailView;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const liveEmbeds = c.embeds.filter((e) => !e.revoked).length;
  return (
    <>
      <Button variant="outline" className="text-destructive" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <AlertDialog open={open} onOpenChange={(o) => !pending && setOpen(o)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {c.name}?</AlertDialogTitle>
            <AlertDialogDescription asChild>
              <div className="space-y-2 text-sm text-muted-foreground">
                <p>What happens:</p>
                <ul className="list-disc space-y-1 pl-5" data-testid="delete-consequences">
                  <li>
                    {c.numbers.length === 0
                      ? "They have no numbers."
                      : `Their ${c.numbers.length === 1 ? "number stays" : `${c.numbers.length} numbers stay`} in this project with ${c.numbers.length === 1 ? "its" : "their"} conversations and history, no longer belonging to a customer.`}
                  </li>
                  <li>
                    {c.embeds.length === 0
                      ? "No inbox embeds are scoped to them."
                      : `${c.embeds.length} inbox ${c.embeds.length === 1 ? "embed" : "embeds"} scoped to them ${c.embeds.length === 1 ? "is" : "are"} deleted${liveEmbeds ? ": people using them are disconnected at once" : ""}.`}
                  </li>
                  <li>Their setup links stop working.</li>
                </ul>
                <p>This cannot be undone.</p>
              </div>
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              disabled={pending}
              onClick={(e) => {
                e.preventDefault();
                start(async () => {
                  const r = await deleteCustomerAction({ projectId, customerId: c.id });
                  if (!r.ok) {
                    toast.error(r.error);
                    return;
                  }
                  toast.success(`${c.name} was deleted`);
                  setOpen(false);
                  router.push(`/p/${projectSlug}/customers`);
                });
              }}
            >
              {pending ? <Spinner /> : null}
              Delete customer
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

function AttachNumber({ projectId, c }: { projectId: string; c: CustomerDetailView }) {
  const router = useRouter();
  const [numberId, setNumberId] = useState("");
  const [pending, start] = useTransition();
  if (c.unattachedNumbers.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        Every number of the project belongs to a customer; send a setup link to connect a new one.
      </p>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!numberId) return;
        start(async () => {
          const r = await attachNumberAction({ projectId, customerId: c.id, numberId });
          if (!r.ok) toast.error(r.error);
          else toast.success("Number attached");
          setNumberId("");
          router.refresh();
        });
      }}
    >
      <div className="space-y-1">
        <Label htmlFor="attach-number">Attach a project number</Label>
        <select
          id="attach-number"
          value={numberId}
          onChange={(e) => setNumberId(e.target.value)}
          className="h-9 min-w-56 rounded-md border bg-background px-2 text-sm"
        >
          <option value="">Choose a number</option>
          {c.unattachedNumbers.map((n) => (
            <option key={n.id} value={n.id}>
              {n.displayPhoneNumber} · {n.verifiedName}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="outline" disabled={!numberId || pending}>
        {pending ? <Spinner /> : null}
        Attach
      </Button>
    </form>
  );
}

export function CustomerDetail({
  projectId,
  projectSlug,
  customer: c,
}: {
  projectId: string;
  projectSlug: string;
  customer: CustomerDetailView;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [linking, setLinking] = useState(false);
  const hasOpenLink = c.setupLinks.some((l) => l.status === "active");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => setLinking(true)}>
          <Link2 />
          New setup link
        </Button>
        <Button variant="outline" onClick={() => setEditing(true)}>
          Edit
        </Button>
        <DeleteCustomer projectId={projectId} projectSlug={projectSlug} c={c} />
      </div>
      <CustomerFormDialog
        projectId={projectId}
        projectSlug={projectSlug}
        customer={c}
        open={editing}
        onOpenChange={setEditing}
      />
      <SetupLinkDialog
        projectId={projectId}
        customerId={c.id}
        customerName={c.name}
        hasOpenLink={hasOpenLink}
        open={linking}
        onOpenChange={setLinking}
      />

      <Card>
        <CardHeader>
          <CardTitle>Numbers</CardTitle>
          <CardDescription>WhatsApp numbers that belong to {c.name}.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {c.numbers.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <Phone className="size-4" aria-hidden /> No numbers yet.
            </p>
          ) : (
            <Table aria-label="Customer numbers">
              <TableHeader>
                <TableRow>
                  <TableHead>Number</TableHead>
                  <TableHead className="hidden sm:table-cell">Kind</TableHead>
                  <TableHead className="w-24">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {c.numbers.map((n) => (
                  <TableRow key={n.id} data-testid="customer-number" data-phone-number-id={n.phoneNumberId}>
                    <TableCell>
                      <div className="font-mono text-sm">{n.displayPhoneNumber}</div>
                      <div className="text-xs text-muted-foreground">
                        {n.verifiedName} · ID <span className="font-mono">{n.phoneNumberId}</span>
                      </div>
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">
                      <Badge variant={n.kind === "LIVE" ? "default" : "secondary"}>
                        {n.kind === "LIVE" ? "Live" : "Sandbox"}
                      </Badge>
                    </TableCell>
                    <TableCell>
                      <ConfirmButton
                        label="Detach"
                        ariaLabel={`Detach ${n.displayPhoneNumber}`}
                        title={`Detach ${n.displayPhoneNumber}?`}
                        description={`The number stays in the project with its conversations; it no longer belongs to ${c.name}, and ${c.name}'s inbox embeds stop showing it.`}
                        confirmLabel="Detach"
                        onConfirm={async () => {
                          const r = await detachNumberAction({ projectId, customerId: c.id, numberId: n.id });
                          if (!r.ok) toast.error(r.error);
                          else toast.success("Number detached");
                          router.refresh();
                        }}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <AttachNumber projectId={projectId} c={c} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Setup links</CardTitle>
          <CardDescription>
            Hosted pages where {c.name} connects a number without an account. A new link revokes the open one.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {c.setupLinks.length === 0 ? (
            <p className="text-sm text-muted-foreground">No setup links yet.</p>
          ) : (
            <Table aria-label="Setup links">
              <TableHeader>
                <TableRow>
                  <TableHead>Link</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="hidden md:table-cell">Expires</TableHead>
                  <TableHead className="w-24">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {c.setupLinks.map((l) => (
                  <TableRow key={l.id} data-testid="setup-link-row" data-status={l.status}>
                    <TableCell>
                      <div className="font-mono text-xs">{l.tokenPrefix}…</div>
                      <div className="text-xs text-muted-foreground">
                        {l.language} · {l.allowedConnectionTypes.join(", ")}
                      </div>
                    </TableCell>
                    <TableCell>
                      <Badge variant={l.status === "active" ? "outline" : "secondary"}>
                        {l.status === "used" ? "Used" : l.status[0]?.toUpperCase() + l.status.slice(1)}
                      </Badge>
                    </TableCell>
                    <TableCell className="hidden md:table-cell">{date(l.usedAt ?? l.expiresAt)}</TableCell>
                    <TableCell>
                      {l.status === "active" ? (
                        <ConfirmButton
                          label="Revoke"
                          ariaLabel={`Revoke setup link ${l.tokenPrefix}`}
                          title="Revoke this setup link?"
                          description="It stops working at once; anyone who opens it is told it is no longer valid."
                          confirmLabel="Revoke link"
                          onConfirm={async () => {
                            const r = await revokeSetupLinkAction({ projectId, setupLinkId: l.id });
                            if (!r.ok) toast.error(r.error);
                            router.refresh();
                          }}
                        />
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Conversations</CardTitle>
          <CardDescription>
            {c.conversationCount === 0
              ? `No conversations on ${c.name}'s numbers yet.`
              : `${c.conversationCount} on ${c.name}'s numbers; the most recent below.`}
          </CardDescription>
        </CardHeader>
        {c.conversations.length > 0 ? (
          <CardContent>
            <ul className="divide-y">
              {c.conversations.map((v) => (
                <li key={v.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <Link
                    href={`/p/${projectSlug}/inbox?status=all&c=${v.id}`}
                    className="flex min-w-0 items-center gap-2 underline-offset-2 hover:underline"
                  >
                    <MessagesSquare className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                    <span className="truncate">{v.contactName ?? v.contactPhone ?? "Unknown"}</span>
                  </Link>
                  <span className="shrink-0 text-xs text-muted-foreground">
                    {v.number} · {v.status === "ACTIVE" ? "Active" : "Ended"}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        ) : null}
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Inbox embeds</CardTitle>
          <CardDescription>
            Embeds scoped to {c.name} show the conversations of their numbers, including numbers added later.{" "}
            <Link href={`/p/${projectSlug}/settings/embeds`} className="underline underline-offset-2">
              Manage embeds
            </Link>
          </CardDescription>
        </CardHeader>
        {c.embeds.length > 0 ? (
          <CardContent>
            <ul className="space-y-1 text-sm">
              {c.embeds.map((e) => (
                <li key={e.id} className="flex items-center gap-2">
                  {e.name}
                  {e.revoked ? <Badge variant="secondary">Revoked</Badge> : null}
                </li>
              ))}
            </ul>
          </CardContent>
        ) : null}
      </Card>
    </div>
  );
}

"use client";

import { Megaphone } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
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
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { keepInput, useActionForm } from "@/components/ui/use-action-form";
import { createBroadcastAction } from "@/lib/broadcasts/actions";

export interface BroadcastRow {
  id: string;
  name: string;
  status: string;
  displayPhoneNumber: string;
  templateName: string;
  total: number;
  sent: number;
  failed: number;
  createdAt: string;
}

export interface BroadcastOptions {
  numbers: { id: string; displayPhoneNumber: string; verifiedName: string; wabaId: string }[];
  templates: { id: string; name: string; language: string; wabaId: string }[];
}

const STATUS_LABEL: Record<string, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  SENDING: "Sending",
  COMPLETED: "Completed",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

export function BroadcastStatus({ status }: { status: string }) {
  const variant =
    status === "SENDING" || status === "SCHEDULED"
      ? "default"
      : status === "FAILED"
        ? "destructive"
        : "secondary";
  return (
    <Badge variant={variant} data-testid="broadcast-status" data-status={status}>
      {STATUS_LABEL[status] ?? status}
    </Badge>
  );
}

export function NewBroadcastButton({
  projectId,
  projectSlug,
  options,
}: {
  projectId: string;
  projectSlug: string;
  options: BroadcastOptions;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [numberId, setNumberId] = useState(options.numbers[0]?.id ?? "");
  const { fields, error, pending, reset, submit } = useActionForm();
  const waba = options.numbers.find((n) => n.id === numberId)?.wabaId;
  const templates = useMemo(
    () => options.templates.filter((t) => t.wabaId === waba),
    [options.templates, waba],
  );
  return (
    <>
      <Button onClick={() => setOpen(true)}>New broadcast</Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) reset();
        }}
      >
        <DialogContent className="sm:max-w-md">
          <form
            className="space-y-4"
            onSubmit={keepInput((f) =>
              submit(
                () =>
                  createBroadcastAction({
                    projectId,
                    name: String(f.get("name") ?? ""),
                    numberId,
                    templateId: String(f.get("templateId") ?? ""),
                  }),
                (d) => {
                  setOpen(false);
                  router.push(`/p/${projectSlug}/broadcasts/${d.id}`);
                },
              ),
            )}
          >
            <DialogHeader>
              <DialogTitle>New broadcast</DialogTitle>
              <DialogDescription>
                One approved template sent to a list of people. It stays a draft until you send or schedule
                it.
              </DialogDescription>
            </DialogHeader>
            <div className="space-y-1.5">
              <Label htmlFor="broadcast-name">Name</Label>
              <Input id="broadcast-name" name="name" required maxLength={120} aria-invalid={!!fields.name} />
              {fields.name ? <p className="text-sm text-destructive">{fields.name}</p> : null}
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="broadcast-number">From number</Label>
              <select
                id="broadcast-number"
                value={numberId}
                onChange={(e) => setNumberId(e.target.value)}
                className="h-9 w-full rounded-md border bg-background px-2 text-sm"
              >
                {options.numbers.map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.displayPhoneNumber} · {n.verifiedName}
                  </option>
                ))}
              </select>
              {fields.numberId ? <p className="text-sm text-destructive">{fields.numberId}</p> : null}
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="broadcast-template">Approved template</Label>
              {templates.length ? (
                <select
                  id="broadcast-template"
                  name="templateId"
                  className="h-9 w-full rounded-md border bg-background px-2 text-sm"
                >
                  {templates.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name} ({t.language})
                    </option>
                  ))}
                </select>
              ) : (
                <p className="text-sm text-muted-foreground">
                  This number's account has no approved templates yet.
                </p>
              )}
              {fields.templateId ? <p className="text-sm text-destructive">{fields.templateId}</p> : null}
            </div>
            {error ? (
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending || !templates.length}>
                {pending ? <Spinner /> : null}
                Create draft
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}

export function BroadcastsList({
  projectId,
  projectSlug,
  broadcasts,
  options,
}: {
  projectId: string;
  projectSlug: string;
  broadcasts: BroadcastRow[];
  options: BroadcastOptions;
}) {
  if (!broadcasts.length)
    return (
      <EmptyState
        icon={Megaphone}
        title="No broadcasts yet"
        description="Send an approved template to many people at once, at your number's pace, and follow every delivery."
        action={
          options.numbers.length ? (
            <NewBroadcastButton projectId={projectId} projectSlug={projectSlug} options={options} />
          ) : undefined
        }
      />
    );
  return (
    <Table aria-label="Broadcasts">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden md:table-cell">From</TableHead>
          <TableHead className="text-right">Recipients</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Sent</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Failed</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {broadcasts.map((b) => (
          <TableRow key={b.id} data-testid="broadcast-row">
            <TableCell>
              <Link
                href={`/p/${projectSlug}/broadcasts/${b.id}`}
                className="font-medium underline-offset-2 hover:underline"
              >
                {b.name}
              </Link>
              <div className="text-xs text-muted-foreground">{b.templateName}</div>
            </TableCell>
            <TableCell>
              <BroadcastStatus status={b.status} />
            </TableCell>
            <TableCell className="hidden font-mono text-sm md:table-cell">{b.displayPhoneNumber}</TableCell>
            <TableCell className="text-right tabular-nums">{b.total.toLocaleString()}</TableCell>
            <TableCell className="hidden text-right tabular-nums sm:table-cell">
              {b.sent.toLocaleString()}
            </TableCell>
            <TableCell className="hidden text-right tabular-nums sm:table-cell">
              {b.failed.toLocaleString()}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

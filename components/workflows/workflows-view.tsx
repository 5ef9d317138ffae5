"use client";

import {
  Archive,
  ArchiveRestore,
  Copy,
  MoreHorizontal,
  Pencil,
  Search,
  Variable,
  Workflow,
} from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
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
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn, timeAgo } from "@/lib/utils";
import { archiveWorkflowAction, duplicateWorkflowAction } from "@/lib/workflows/actions";
import type { WorkflowSummaryDto } from "@/lib/workflows/data";
import type { WorkflowStatus } from "@/lib/workflows/schema";
import { WorkflowDetailsDialog } from "./workflow-details-dialog";

export type StatusFilter = WorkflowStatus | "ALL" | "CURRENT";

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: "CURRENT", label: "Drafts and active" },
  { value: "ACTIVE", label: "Active" },
  { value: "DRAFT", label: "Drafts" },
  { value: "ARCHIVED", label: "Archived" },
  { value: "ALL", label: "All" },
];

export function StatusBadge({ status }: { status: WorkflowStatus }) {
  if (status === "ACTIVE") {
    return (
      <Badge className="border-transparent bg-emerald-600/15 text-emerald-700 dark:text-emerald-400">
        Active
      </Badge>
    );
  }
  return (
    <Badge variant={status === "DRAFT" ? "outline" : "secondary"}>
      {status === "DRAFT" ? "Draft" : "Archived"}
    </Badge>
  );
}

/** The filter lives in the URL, so the server renders the filtered list and links keep it. */
function useListFilter(search: string, status: StatusFilter) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, start] = useTransition();
  return {
    pending,
    apply(next: { search?: string; status?: StatusFilter }) {
      const params = new URLSearchParams();
      const q = (next.search ?? search).trim();
      const s = next.status ?? status;
      if (q) params.set("q", q);
      if (s !== "CURRENT") params.set("status", s);
      const qs = params.toString();
      start(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    },
  };
}

function RowActions({
  projectId,
  projectSlug,
  workflow,
}: {
  projectId: string;
  projectSlug: string;
  workflow: WorkflowSummaryDto;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [pending, start] = useTransition();
  const archived = workflow.status === "ARCHIVED";

  function duplicate() {
    start(async () => {
      const r = await duplicateWorkflowAction({ projectId, workflowId: workflow.id });
      if (!r.ok) toast.error(r.error);
      else toast.success(`Created ${r.data.name}`);
      router.refresh();
    });
  }

  function setArchived(next: boolean) {
    start(async () => {
      const r = await archiveWorkflowAction({ projectId, workflowId: workflow.id, archived: next });
      setConfirmArchive(false);
      if (!r.ok) toast.error(r.error);
      else toast.success(next ? `${workflow.name} was archived` : `${workflow.name} is back as a draft`);
      router.refresh();
    });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            size="icon"
            variant="ghost"
            className="size-8"
            aria-label={`Actions for ${workflow.name}`}
            disabled={pending}
          >
            {pending ? <Spinner /> : <MoreHorizontal className="size-4" />}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setEditing(true)}>
            <Pencil /> Rename or describe
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={duplicate}>
            <Copy /> Duplicate
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          {archived ? (
            <DropdownMenuItem onSelect={() => setArchived(false)}>
              <ArchiveRestore /> Unarchive
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem variant="destructive" onSelect={() => setConfirmArchive(true)}>
              <Archive /> Archive
            </DropdownMenuItem>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <WorkflowDetailsDialog
        projectId={projectId}
        projectSlug={projectSlug}
        workflow={workflow}
        open={editing}
        onOpenChange={setEditing}
      />
      <AlertDialog open={confirmArchive} onOpenChange={(o) => !pending && setConfirmArchive(o)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Archive {workflow.name}?</AlertDialogTitle>
            <AlertDialogDescription>
              It stops running: its triggers are switched off, so the numbers they held are free for other
              workflows. Its definition and history are kept, and you can unarchive it later as a draft.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              disabled={pending}
              onClick={(e) => {
                e.preventDefault();
                setArchived(true);
              }}
            >
              {pending ? <Spinner /> : null}
              Archive
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

function LastEdited({ workflow }: { workflow: WorkflowSummaryDto }) {
  const who = workflow.updatedBy ? workflow.updatedBy.name || workflow.updatedBy.email : "the API";
  return (
    <span className="text-sm text-muted-foreground">
      <time
        dateTime={workflow.updatedAt}
        title={new Date(workflow.updatedAt).toLocaleString()}
        suppressHydrationWarning
      >
        {timeAgo(workflow.updatedAt)}
      </time>{" "}
      by {who}
    </span>
  );
}

export function WorkflowsView({
  projectId,
  projectSlug,
  workflows,
  search,
  status,
  canEdit,
}: {
  projectId: string;
  projectSlug: string;
  workflows: WorkflowSummaryDto[];
  search: string;
  status: StatusFilter;
  canEdit: boolean;
}) {
  const [creating, setCreating] = useState(false);
  // What is typed, ahead of the (debounced) URL that drives the server's list.
  const [typed, setTyped] = useState(search);
  const filter = useListFilter(search, status);
  const applyRef = useRef(filter.apply);
  applyRef.current = filter.apply;
  useEffect(() => {
    if (typed.trim() === search) return;
    const t = setTimeout(() => applyRef.current({ search: typed }), 250);
    return () => clearTimeout(t);
  }, [typed, search]);

  const filtered = search !== "" || status !== "CURRENT";
  const base = `/p/${projectSlug}/workflows`;

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <div className="relative min-w-0 flex-1 sm:max-w-xs">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label="Search workflows by name"
            placeholder="Search by name"
            className="pl-8"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <Select value={status} onValueChange={(v) => filter.apply({ status: v as StatusFilter })}>
          <SelectTrigger aria-label="Filter by status" className="sm:w-44">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {STATUS_FILTERS.map((f) => (
              <SelectItem key={f.value} value={f.value}>
                {f.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {filter.pending ? <Spinner className="text-muted-foreground" /> : null}
        <div className="flex gap-2 sm:ml-auto">
          <Button variant="outline" asChild>
            <Link href={`${base}/variables`}>
              <Variable className="size-4" /> Environment variables
            </Link>
          </Button>
          {canEdit ? <Button onClick={() => setCreating(true)}>New workflow</Button> : null}
        </div>
      </div>

      {workflows.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={Search}
            title="No workflows match"
            description="Try another name, or show all statuses."
            action={
              <Button
                variant="outline"
                onClick={() => {
                  setTyped("");
                  filter.apply({ search: "", status: "CURRENT" });
                }}
              >
                Clear filters
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={Workflow}
            title="No workflows yet"
            description="Workflows answer customers automatically: send messages, wait for replies, branch, and hand off to a person."
            action={
              canEdit ? (
                <Button onClick={() => setCreating(true)}>Create your first workflow</Button>
              ) : undefined
            }
          />
        )
      ) : (
        <Table aria-label="Workflows" className={cn(filter.pending && "opacity-60")}>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="hidden md:table-cell">Last edited</TableHead>
              <TableHead className="hidden sm:table-cell">Version</TableHead>
              {canEdit ? (
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {workflows.map((w) => (
              <TableRow key={w.id} data-testid="workflow-row" data-status={w.status}>
                <TableCell className="max-w-md">
                  <Link href={`${base}/${w.id}`} className="font-medium break-words hover:underline">
                    {w.name}
                  </Link>
                  {w.description ? (
                    <div className="line-clamp-2 text-sm text-muted-foreground">{w.description}</div>
                  ) : null}
                  <div className="md:hidden">
                    <LastEdited workflow={w} />
                  </div>
                </TableCell>
                <TableCell>
                  <StatusBadge status={w.status} />
                  {w.hasUnpublishedChanges ? (
                    <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">
                      unpublished changes
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  <LastEdited workflow={w} />
                </TableCell>
                <TableCell className="hidden font-mono text-sm text-muted-foreground sm:table-cell">
                  v{w.version}
                  {w.status === "ACTIVE" && w.publishedVersion !== w.version
                    ? ` (runs v${w.publishedVersion})`
                    : ""}
                </TableCell>
                {canEdit ? (
                  <TableCell className="text-right">
                    <RowActions projectId={projectId} projectSlug={projectSlug} workflow={w} />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {canEdit ? (
        <WorkflowDetailsDialog
          projectId={projectId}
          projectSlug={projectSlug}
          open={creating}
          onOpenChange={setCreating}
        />
      ) : null}
    </div>
  );
}

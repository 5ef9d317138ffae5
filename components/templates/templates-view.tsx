"use client";

import { FileText, MoreHorizontal, RefreshCw, Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
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
import { Label } from "@/components/ui/label";
import { qualityLabel } from "@/components/ui/quality";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { deleteTemplateAction, syncTemplatesAction } from "@/lib/templates/actions";
import type { TemplateRow, WabaOption } from "@/lib/templates/list-data";
import { QUALITIES, TEMPLATE_STATUSES } from "@/lib/templates/schema";
import { NativeSelect } from "./native-select";
import { QualityDot, StatusBadge } from "./status-badge";
import { TestSendDialog } from "./test-send-dialog";

const REASONS: Record<string, string> = {
  INVALID_FORMAT: "Invalid format: check variables (not at the start or end, words between them).",
  INCORRECT_CATEGORY: "Incorrect category: the content does not match the category chosen.",
  ABUSIVE_CONTENT: "Abusive content.",
  PROMOTIONAL: "Promotional content in a utility template.",
  SCAM: "Looks like a scam.",
  TAG_CONTENT_MISMATCH: "The content does not match the category.",
};

function Filters({ wabas, languages }: { wabas: WabaOption[]; languages: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  // Search follows typing after a short pause, so the URL stays shareable without a request per key.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((params.get("q") ?? "") !== q) set("q", q);
    }, 250);
    return () => clearTimeout(t);
  });
  const select = (
    key: string,
    label: string,
    options: readonly string[],
    all: string,
    word = (o: string) => o.charAt(0) + o.slice(1).toLowerCase().replace(/_/g, " "),
  ) => (
    <div className="space-y-1">
      <Label htmlFor={`f-${key}`} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <NativeSelect id={`f-${key}`} value={params.get(key) ?? ""} onChange={(e) => set(key, e.target.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {word(o)}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
  return (
    <div className="flex flex-wrap items-end gap-3">
      {wabas.length > 1 ? (
        <div className="space-y-1">
          <Label htmlFor="f-waba" className="text-xs text-muted-foreground">
            Business account
          </Label>
          <NativeSelect
            id="f-waba"
            value={params.get("waba") ?? wabas[0]?.wabaId}
            onChange={(e) => set("waba", e.target.value)}
          >
            {wabas.map((w) => (
              <option key={w.wabaId} value={w.wabaId}>
                {w.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      ) : null}
      <div className="min-w-48 flex-1 space-y-1">
        <Label htmlFor="f-q" className="text-xs text-muted-foreground">
          Search
        </Label>
        <div className="relative">
          <Search className="absolute top-2.5 left-2.5 size-4 text-muted-foreground" aria-hidden="true" />
          <Input
            id="f-q"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Template name"
            className="pl-8"
          />
        </div>
      </div>
      {select("status", "Status", TEMPLATE_STATUSES, "Any status")}
      {select("category", "Category", ["MARKETING", "UTILITY", "AUTHENTICATION"], "Any category")}
      <div className="space-y-1">
        <Label htmlFor="f-language" className="text-xs text-muted-foreground">
          Language
        </Label>
        <NativeSelect
          id="f-language"
          value={params.get("language") ?? ""}
          onChange={(e) => set("language", e.target.value)}
        >
          <option value="">Any language</option>
          {languages.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </NativeSelect>
      </div>
      {select("quality", "Quality", QUALITIES, "Any quality", qualityLabel)}
    </div>
  );
}

function RowActions({
  projectId,
  slug,
  row,
  isAdmin,
  onTest,
}: {
  projectId: string;
  slug: string;
  row: TemplateRow;
  isAdmin: boolean;
  onTest: () => void;
}) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<null | "one" | "all">(null);
  const [pending, start] = useTransition();
  const remove = () =>
    start(async () => {
      const r = await deleteTemplateAction({ projectId, id: row.id, allLanguages: confirm === "all" });
      setConfirm(null);
      if (!r.ok) toast.error(r.error);
      else
        toast.success(
          `Deleted ${row.name}${confirm === "all" ? " in every language" : ` (${row.language})`}`,
        );
      router.refresh();
    });
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Actions for ${row.name} (${row.language})`}
            disabled={pending}
          >
            {pending ? <Spinner /> : <MoreHorizontal className="size-4" />}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-56">
          {isAdmin && ["APPROVED", "REJECTED", "PAUSED"].includes(row.status) ? (
            <DropdownMenuItem asChild>
              <Link href={`/p/${slug}/templates/${row.id}`}>Edit</Link>
            </DropdownMenuItem>
          ) : null}
          {isAdmin ? (
            <DropdownMenuItem asChild>
              <Link href={`/p/${slug}/templates/new?from=${row.id}`}>Duplicate</Link>
            </DropdownMenuItem>
          ) : null}
          <DropdownMenuItem disabled={row.status !== "APPROVED"} onSelect={onTest}>
            Test send…
          </DropdownMenuItem>
          {isAdmin ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirm("one")}>
                Delete {row.language}…
              </DropdownMenuItem>
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirm("all")}>
                Delete all languages…
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      <AlertDialog open={confirm !== null} onOpenChange={(o) => !pending && !o && setConfirm(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              Delete {row.name}
              {confirm === "all" ? " in every language" : ` (${row.language})`}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              The template is deleted at WhatsApp too. Messages already sent stay, but it can no longer be
              sent, and Meta does not let you reuse the name for 30 days.
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

export function SyncButton({ projectId }: { projectId: string }) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant="outline"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await syncTemplatesAction({ projectId });
          if (!r.ok) toast.error(r.error);
          else
            toast.success(
              r.data.queued
                ? "Sync started: the list updates as templates arrive."
                : "A sync is already waiting.",
            );
        })
      }
    >
      {pending ? <Spinner /> : <RefreshCw className="size-4" />}
      Sync from WhatsApp
    </Button>
  );
}

export function TemplatesView({
  projectId,
  slug,
  isAdmin,
  wabas,
  wabaId,
  rows,
  languages,
  filtered,
}: {
  projectId: string;
  slug: string;
  isAdmin: boolean;
  wabas: WabaOption[];
  wabaId: string;
  rows: TemplateRow[];
  languages: string[];
  filtered: boolean;
}) {
  const router = useRouter();
  const [testing, setTesting] = useState<TemplateRow | null>(null);
  // Statuses pushed by Meta's template webhooks (and syncs) reach the page at once.
  useRealtimeEvent("inbox.invalidate", (p) => {
    if (p.parts.includes("templates")) router.refresh();
  });
  return (
    <div className="space-y-4">
      <Filters wabas={wabas} languages={languages} />
      {rows.length === 0 ? (
        <EmptyState
          icon={FileText}
          title={filtered ? "No template matches" : "No templates yet"}
          description={
            filtered
              ? "Change the search or the filters."
              : "Write one with New template, or Sync from WhatsApp to bring in those made in WhatsApp Manager."
          }
        />
      ) : (
        <Table aria-label="Templates">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead className="hidden sm:table-cell">Category</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="hidden md:table-cell">Quality</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id} data-testid="template-row" data-name={r.name} data-language={r.language}>
                <TableCell>
                  <div className="font-mono text-sm font-medium break-all">{r.name}</div>
                  <div className="text-xs text-muted-foreground">
                    {r.language} · {r.parameterFormat === "NAMED" ? "named" : "positional"}
                    <span className="sm:hidden"> · {r.category.toLowerCase()}</span>
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  {r.category.charAt(0) + r.category.slice(1).toLowerCase()}
                </TableCell>
                <TableCell>
                  <StatusBadge status={r.status} />
                  {r.status === "REJECTED" && r.rejectedReason ? (
                    <p
                      className="mt-1 max-w-64 text-xs whitespace-normal text-destructive"
                      data-testid="rejection-reason"
                    >
                      {REASONS[r.rejectedReason] ?? r.rejectedReason}
                    </p>
                  ) : null}
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  <QualityDot score={r.qualityScore} />
                </TableCell>
                <TableCell>
                  <RowActions
                    projectId={projectId}
                    slug={slug}
                    row={r}
                    isAdmin={isAdmin}
                    onTest={() => setTesting(r)}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {testing ? (
        <TestSendDialog
          projectId={projectId}
          wabaId={wabaId}
          template={testing}
          onClose={() => setTesting(null)}
        />
      ) : null}
    </div>
  );
}

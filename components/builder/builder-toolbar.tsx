"use client";

import {
  AlertCircle,
  ArrowDownToLine,
  ArrowLeft,
  ArrowRightToLine,
  Eye,
  History,
  ListChecks,
  Plus,
  Power,
  Redo2,
  Settings2,
  Undo2,
  Upload,
} from "lucide-react";
import Link from "next/link";
import { memo } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { WorkflowStatus } from "@/lib/workflows/schema";
import { ADDABLE_TYPES, type NodeType } from "@/lib/workflows/steps/registry";
import { NODE_META } from "./node-meta";
import type { SaveStatus } from "./use-autosave";

const STATUS_TEXT: Record<SaveStatus, string> = {
  saving: "Saving…",
  pending: "Unsaved changes",
  conflict: "Conflict",
  error: "Not saved",
  saved: "Saved",
};

/** On small screens the palette is hidden; this menu adds steps instead. */
function AddStepMenu({ onAdd }: { onAdd: (type: NodeType) => void }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" className="md:hidden">
          <Plus /> Step
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {ADDABLE_TYPES.map((t) => {
          const Icon = NODE_META[t].icon;
          return (
            <DropdownMenuItem key={t} onSelect={() => onAdd(t)}>
              <Icon className={NODE_META[t].tone} /> {NODE_META[t].label}
            </DropdownMenuItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function BuilderToolbarView({
  projectSlug,
  name,
  status,
  save,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onLayout,
  readOnly,
  canEdit,
  problemCount,
  errorCount,
  showProblems,
  onToggleProblems,
  onVersions,
  executionsHref,
  onSettings,
  unpublished,
  onActivate,
  onDeactivate,
  onAdd,
}: {
  projectSlug: string;
  name: string;
  status: WorkflowStatus;
  save: { status: SaveStatus; version: number; error: string | null };
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: (direction: "TB" | "LR") => void;
  readOnly: boolean;
  canEdit: boolean;
  problemCount: number;
  errorCount: number;
  showProblems: boolean;
  onToggleProblems: () => void;
  onVersions: () => void;
  /** The workflow's executions page. */
  executionsHref?: string;
  onSettings: () => void;
  /** Active, and the draft changed since it was published. */
  unpublished: boolean;
  onActivate: () => void;
  onDeactivate: () => void;
  onAdd: (type: NodeType) => void;
}) {
  const statusText = STATUS_TEXT[save.status];
  return (
    <header className="flex flex-wrap items-center gap-2 border-b px-3 py-2">
      <Button asChild variant="ghost" size="icon" aria-label="All workflows">
        <Link href={`/p/${projectSlug}/workflows`}>
          <ArrowLeft />
        </Link>
      </Button>
      <h1 className="min-w-0 max-w-64 truncate font-semibold">{name}</h1>
      <Badge variant={status === "ACTIVE" ? "default" : "secondary"}>{status.toLowerCase()}</Badge>
      {readOnly && (
        <Badge
          variant="outline"
          className="gap-1"
          data-testid="read-only"
          title={canEdit ? "Unarchive it to edit" : "Only admins and owners can edit workflows"}
        >
          <Eye className="size-3" aria-hidden /> {canEdit ? "Archived, read only" : "Read only"}
        </Badge>
      )}
      {unpublished && (
        <span className="text-xs font-medium text-amber-700 dark:text-amber-400" data-testid="unpublished">
          Draft has unpublished changes
        </span>
      )}
      <span
        className="text-xs text-muted-foreground"
        data-testid="save-status"
        data-status={save.status}
        data-version={save.version}
        title={save.error ?? undefined}
      >
        v{save.version} · {statusText}
      </span>
      <div className="ml-auto flex flex-wrap items-center justify-end gap-1">
        {!readOnly && <AddStepMenu onAdd={onAdd} />}
        <Button
          variant="ghost"
          size="icon"
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
          disabled={readOnly || !canUndo}
          onClick={onUndo}
        >
          <Undo2 />
        </Button>
        <Button
          variant="ghost"
          size="icon"
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
          disabled={readOnly || !canRedo}
          onClick={onRedo}
        >
          <Redo2 />
        </Button>
        <Button
          variant="ghost"
          size="icon"
          aria-label="Layout top to bottom"
          title="Tidy top to bottom"
          disabled={readOnly}
          onClick={() => onLayout("TB")}
        >
          <ArrowDownToLine />
        </Button>
        <Button
          variant="ghost"
          size="icon"
          aria-label="Layout left to right"
          title="Tidy left to right"
          disabled={readOnly}
          onClick={() => onLayout("LR")}
        >
          <ArrowRightToLine />
        </Button>
        <Button
          variant="ghost"
          size="sm"
          onClick={onToggleProblems}
          aria-pressed={showProblems}
          data-testid="problems-toggle"
        >
          <AlertCircle className={errorCount ? "text-destructive" : "text-muted-foreground"} />
          {problemCount}
          <span className="sr-only sm:not-sr-only">{problemCount === 1 ? "problem" : "problems"}</span>
        </Button>
        {executionsHref ? (
          <Button variant="ghost" size="icon" aria-label="Executions" title="Executions" asChild>
            <Link href={executionsHref}>
              <ListChecks />
            </Link>
          </Button>
        ) : null}
        <Button
          variant="ghost"
          size="icon"
          aria-label="Version history"
          title="Version history"
          onClick={onVersions}
        >
          <History />
        </Button>
        <Button
          variant="ghost"
          size="icon"
          aria-label="Workflow settings"
          title="Triggers, variables, promotion"
          onClick={onSettings}
        >
          <Settings2 />
        </Button>
        {canEdit && status === "ACTIVE" && (
          <Button size="sm" variant="outline" onClick={onDeactivate}>
            <Power />
            Deactivate
          </Button>
        )}
        {canEdit && (status !== "ACTIVE" || unpublished) && (
          <Button
            size="sm"
            onClick={onActivate}
            disabled={status === "ARCHIVED"}
            title="Check the workflow and publish this draft as the version that runs"
          >
            {status === "ACTIVE" ? <Upload /> : <Power />}
            {status === "ACTIVE" ? "Publish changes" : "Activate"}
          </Button>
        )}
      </div>
    </header>
  );
}

export const BuilderToolbar = memo(BuilderToolbarView);

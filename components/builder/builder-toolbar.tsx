"use client";

import {
  AlertCircle,
  ArrowDownToLine,
  ArrowLeft,
  ArrowRightToLine,
  History,
  Plus,
  Power,
  Redo2,
  Settings2,
  Undo2,
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
  onSettings,
  onToggleActive,
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
  onSettings: () => void;
  onToggleActive: () => void;
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
          <span className="sr-only sm:not-sr-only">problems</span>
        </Button>
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
        {canEdit && (
          <Button
            size="sm"
            variant={status === "ACTIVE" ? "outline" : "default"}
            onClick={onToggleActive}
            disabled={status === "ARCHIVED"}
          >
            <Power />
            {status === "ACTIVE" ? "Deactivate" : "Activate"}
          </Button>
        )}
      </div>
    </header>
  );
}

export const BuilderToolbar = memo(BuilderToolbarView);

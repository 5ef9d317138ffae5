"use client";

import { useState } from "react";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { cn } from "@/lib/utils";
import { EnvVariablesPanel } from "./env-variables-panel";
import { PromotePanel } from "./promote-panel";
import { type TriggerNumberOption, TriggersPanel } from "./triggers-panel";

export type WorkflowSettingsTab = "triggers" | "variables" | "promote";

const TABS: { id: WorkflowSettingsTab; label: string; editOnly?: boolean }[] = [
  { id: "triggers", label: "Triggers" },
  { id: "variables", label: "Environment variables" },
  { id: "promote", label: "Promote", editOnly: true },
];

/**
 * Workflow settings beside the canvas: triggers, workflow-level environment variables, promotion.
 * Drop-in for the builder: `<WorkflowSettingsSheet open … numbers={data.numbers} />`.
 */
export function WorkflowSettingsSheet({
  open,
  onOpenChange,
  projectId,
  workflowId,
  numbers,
  canEdit,
  initialTab = "triggers",
  onPromoted,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  projectId: string;
  workflowId: string;
  numbers: TriggerNumberOption[];
  canEdit: boolean;
  initialTab?: WorkflowSettingsTab;
  onPromoted?: (targetId: string, version: number) => void;
}) {
  const [tab, setTab] = useState<WorkflowSettingsTab>(initialTab);
  const tabs = TABS.filter((t) => canEdit || !t.editOnly);
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent className="w-full overflow-y-auto sm:max-w-xl">
        <SheetHeader>
          <SheetTitle>Workflow settings</SheetTitle>
          <SheetDescription>What starts this workflow, the values it reads, and promotion.</SheetDescription>
        </SheetHeader>
        <nav aria-label="Workflow settings" className="flex gap-1 border-b px-4">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              aria-current={tab === t.id ? "page" : undefined}
              onClick={() => setTab(t.id)}
              className={cn(
                "-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground",
                tab === t.id && "border-primary text-foreground",
              )}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <div className="p-4">
          {tab === "triggers" ? (
            <TriggersPanel
              projectId={projectId}
              workflowId={workflowId}
              numbers={numbers}
              canEdit={canEdit}
            />
          ) : tab === "variables" ? (
            <EnvVariablesPanel projectId={projectId} workflowId={workflowId} canEdit={canEdit} />
          ) : (
            <PromotePanel projectId={projectId} workflowId={workflowId} onPromoted={onPromoted} />
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}

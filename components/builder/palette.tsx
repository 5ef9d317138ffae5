"use client";

import { memo } from "react";
import { cn } from "@/lib/utils";
import { ADDABLE_TYPES, type NodeType } from "@/lib/workflows/steps/registry";
import { NODE_META } from "./node-meta";

export const PALETTE_MIME = "application/x-switchboard-node";

function PaletteView({ onAdd, disabled }: { onAdd: (type: NodeType) => void; disabled: boolean }) {
  return (
    <nav aria-label="Steps" className="flex flex-col gap-0.5 p-2">
      <p className="px-2 pb-1 text-xs font-medium text-muted-foreground">Steps — drag or click</p>
      {ADDABLE_TYPES.map((type) => {
        const meta = NODE_META[type];
        const Icon = meta.icon;
        return (
          <button
            key={type}
            type="button"
            draggable={!disabled}
            disabled={disabled}
            data-testid={`palette-${type}`}
            onDragStart={(e) => {
              e.dataTransfer.setData(PALETTE_MIME, type);
              e.dataTransfer.effectAllowed = "move";
            }}
            onClick={() => onAdd(type)}
            title={meta.hint}
            className={cn(
              "flex items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent",
              "cursor-grab active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50",
            )}
          >
            <Icon className={cn("size-4 shrink-0", meta.tone)} aria-hidden />
            <span className="truncate">{meta.label}</span>
          </button>
        );
      })}
    </nav>
  );
}

export const Palette = memo(PaletteView);

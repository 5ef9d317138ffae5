"use client";

import {
  Handle,
  type NodeProps,
  Position,
  type ReactFlowState,
  useStore,
  useUpdateNodeInternals,
} from "@xyflow/react";
import { AlertCircle, AlertTriangle } from "lucide-react";
import { memo, useEffect, useRef } from "react";
import { cn } from "@/lib/utils";
import { type Side, slotFraction } from "@/lib/workflows/routing";
import { useBuilderContext } from "./builder-context";
import { type FlowNode, handlesOf } from "./flow-types";
import { useKeyed } from "./keyed-store";
import { NODE_META, nodeSummary } from "./node-meta";

/** Below this zoom nodes drop their icon and details: nobody can read them, and a 1,000-node graph
 * fitted to the screen mounts and paints far faster without. */
export const DETAIL_ZOOM = 0.4;
export const zoomedOutSelector = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  right: Position.Right,
  bottom: Position.Bottom,
  left: Position.Left,
};

function FlowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const { stores, data: lookups } = useBuilderContext();
  const exit = useKeyed(stores.exitSides, id) ?? "bottom";
  const problems = useKeyed(stores.problems, id);
  const updateInternals = useUpdateNodeInternals();
  const zoomedOut = useStore(zoomedOutSelector);
  const handles = handlesOf(data);
  const meta = NODE_META[data.node_type];
  const Icon = meta.icon;
  const errors = problems?.filter((p) => p.severity === "error") ?? [];
  const warnings = problems?.filter((p) => p.severity === "warning") ?? [];
  const isStart = data.node_type === "start";
  const summary = nodeSummary(data.node_type, data.config, {
    templateName: (id) => lookups.templates.find((t) => t.id === id || t.metaTemplateId === id)?.name,
  });

  // Handles follow the routed exit side; React Flow must re-measure them when it moves. Not on mount:
  // React Flow measures new nodes itself, and a call per node there makes mounting N nodes O(N²).
  const handleKey = `${exit}|${handles.map((h) => h.id).join("|")}`;
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateInternals(id);
  }, [handleKey, id, updateInternals]);

  const vertical = exit === "top" || exit === "bottom";
  const labelled = handles.length > 1 || (handles[0] && handles[0].id !== "next");

  return (
    <div
      data-testid="flow-node"
      data-node-type={data.node_type}
      className={cn(
        "w-[260px] rounded-lg border bg-card text-card-foreground shadow-sm",
        selected ? "border-primary ring-2 ring-primary/30" : "border-border",
        errors.length ? "border-destructive/70" : "",
      )}
    >
      {!isStart && (
        <Handle
          type="target"
          position={Position.Top}
          className="!size-2.5 !border-2 !border-background !bg-muted-foreground"
        />
      )}
      {zoomedOut ? (
        <div className="flex h-[88px] items-center px-4 text-2xl font-medium">
          <span className="truncate">{data.display_name || meta.label}</span>
        </div>
      ) : (
        <>
          <div className="flex items-center gap-2 border-b px-3 py-2">
            <Icon className={cn("size-4 shrink-0", meta.tone)} aria-hidden />
            <span className="min-w-0 flex-1 truncate text-sm font-medium">
              {data.display_name || meta.label}
            </span>
            {errors.length > 0 ? (
              <span
                title={errors.map((p) => p.message).join("\n")}
                className="flex items-center gap-1 text-xs text-destructive"
                data-testid="node-errors"
              >
                <AlertCircle className="size-3.5" aria-hidden />
                {errors.length}
              </span>
            ) : warnings.length > 0 ? (
              <span
                title={warnings.map((p) => p.message).join("\n")}
                className="flex items-center gap-1 text-xs text-amber-600 dark:text-amber-400"
              >
                <AlertTriangle className="size-3.5" aria-hidden />
                {warnings.length}
              </span>
            ) : null}
          </div>
          <p className="mx-3 my-2 line-clamp-2 [overflow-wrap:anywhere] text-xs text-muted-foreground">
            {summary}
          </p>
          {labelled && (
            <div className={cn("flex gap-1 px-3 pb-2", vertical ? "flex-row flex-wrap" : "flex-col")}>
              {handles.map((h) => (
                <span
                  key={h.id}
                  className="max-w-full truncate rounded bg-muted px-1.5 py-0.5 text-[11px] text-muted-foreground"
                >
                  {h.label}
                </span>
              ))}
            </div>
          )}
        </>
      )}
      {handles.map((h, i) => {
        const f = `${slotFraction(i, handles.length) * 100}%`;
        return (
          <Handle
            key={h.id}
            id={h.id}
            type="source"
            position={POSITION[exit]}
            style={vertical ? { left: f } : { top: f }}
            title={h.label}
            className="!size-2.5 !border-2 !border-background !bg-primary"
          />
        );
      })}
    </div>
  );
}

export const FlowNodeComponent = memo(FlowNodeView);

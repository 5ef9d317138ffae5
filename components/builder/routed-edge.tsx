"use client";

import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getSmoothStepPath,
  Position,
  useStore,
} from "@xyflow/react";
import { memo, useLayoutEffect, useRef } from "react";
import { cn } from "@/lib/utils";
import { detourPoints, roundedPath, type Side } from "@/lib/workflows/routing";
import { useBuilderContext } from "./builder-context";
import { zoomedOutSelector } from "./flow-node";
import type { FlowEdge } from "./flow-types";
import { useKeyed } from "./keyed-store";

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  right: Position.Right,
  bottom: Position.Bottom,
  left: Position.Left,
};

function RoutedEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, data, selected, markerEnd } = props;
  const { stores } = useBuilderContext();
  const route = useKeyed(stores.routes, id);
  const ref = useRef<SVGGElement>(null);
  const zoomedOut = useStore(zoomedOutSelector);

  let path: string;
  let labelX: number;
  let labelY: number;
  if (route?.backward) {
    const pts = detourPoints(route);
    path = roundedPath(pts);
    const [a, b] = [pts[2], pts[3]] as [[number, number], [number, number]];
    labelX = (a[0] + b[0]) / 2;
    labelY = (a[1] + b[1]) / 2;
  } else {
    [path, labelX, labelY] = getSmoothStepPath({
      sourceX: route?.sx ?? props.sourceX,
      sourceY: route?.sy ?? props.sourceY,
      sourcePosition: route ? POSITION[route.sourceSide] : props.sourcePosition,
      targetX: route?.tx ?? props.targetX,
      targetY: route?.ty ?? props.targetY,
      targetPosition: route ? POSITION[route.targetSide] : props.targetPosition,
      borderRadius: 10,
      offset: 20,
    });
  }

  // Expose the chosen sides on React Flow's own edge element too (tests and debugging look there).
  useLayoutEffect(() => {
    const g = ref.current?.closest(".react-flow__edge");
    if (!g || !route) return;
    g.setAttribute("data-source-side", route.sourceSide);
    g.setAttribute("data-target-side", route.targetSide);
  }, [route]);

  const label = !zoomedOut && data?.label && data.label !== "next" ? data.label : null;
  return (
    <g
      ref={ref}
      data-testid="routed-edge"
      data-source={props.source}
      data-target={props.target}
      data-source-side={route?.sourceSide}
      data-target-side={route?.targetSide}
      data-backward={route?.backward ? "true" : undefined}
    >
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        // Full muted-foreground, not a faded one: at 60% the edges all but vanished on the dark canvas.
        className={cn("!stroke-[1.5]", selected ? "!stroke-primary" : "!stroke-muted-foreground")}
      />
      {label && (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan pointer-events-auto absolute max-w-32 truncate rounded border bg-background px-1.5 py-0.5 text-[11px] text-muted-foreground"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}

export const RoutedEdge = memo(RoutedEdgeView);

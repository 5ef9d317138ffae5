"use client";

import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useNodesInitialized,
  useReactFlow,
} from "@xyflow/react";
import { useTheme } from "next-themes";
import {
  type DragEvent,
  type MouseEvent,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { parseClipboard, serializeClipboard } from "@/lib/workflows/clipboard";
import { DEFAULT_NODE_SIZE } from "@/lib/workflows/layout";
import { type Box, computeRoutes, type RoutingEdge, type RoutingResult } from "@/lib/workflows/routing";
import { nodeTypeSchema } from "@/lib/workflows/steps/registry";
import { useBuilderContext } from "./builder-context";
import { ContextMenu, type MenuState } from "./context-menu";
import { FlowNodeComponent } from "./flow-node";
import { type FlowEdge, type FlowNode, handlesOf } from "./flow-types";
import { PALETTE_MIME } from "./palette";
import { RoutedEdge } from "./routed-edge";
import { type Builder, GRID } from "./use-builder";

// Module level, as React Flow asks: new objects here would remount every node on each render.
const nodeTypes = { "flow-node": FlowNodeComponent };
const edgeTypes = { routed: RoutedEdge };
const defaultEdgeOptions = {
  type: "routed",
  // A theme colour, not React Flow's fixed grey, which all but vanishes on the dark canvas.
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: "var(--muted-foreground)" },
};
/** The minimap's size; fitting keeps nodes out of the strip it and the zoom controls sit in. */
export const MINIMAP = { w: 160, h: 104, margin: 12 };
const minimapStyle = { width: MINIMAP.w, height: MINIMAP.h };
const snapGrid: [number, number] = [GRID, GRID];
const proOptions = { hideAttribution: true };
const LOCAL_CLIPBOARD = "switchboard:workflow-clipboard";
const LARGE_GRAPH = 200;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable || el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT"
  );
}

/** Routes for every edge; also exposed for the benchmark. */
export function routeAll(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  previous: RoutingResult | null,
) {
  const boxes = new Map<string, Box>();
  const byId = new Map<string, FlowNode>();
  for (const n of nodes) {
    byId.set(n.id, n);
    boxes.set(n.id, {
      x: n.position.x,
      y: n.position.y,
      w: n.measured?.width ?? DEFAULT_NODE_SIZE.w,
      h: n.measured?.height ?? DEFAULT_NODE_SIZE.h,
    });
  }
  const routing: RoutingEdge[] = [];
  for (const e of edges) {
    const src = byId.get(e.source);
    if (!src) continue;
    const handles = handlesOf(src.data);
    const idx = Math.max(
      0,
      handles.findIndex((h) => h.id === e.sourceHandle),
    );
    routing.push({
      id: e.id,
      source: e.source,
      target: e.target,
      handleIndex: idx,
      handleCount: Math.max(handles.length, 1),
    });
  }
  return computeRoutes(boxes, routing, { previous });
}

/**
 * Fit options for every fit (first paint, the controls' button): margins on all sides, the bottom one
 * tall enough that no node lands under the minimap or the zoom controls, and on the right whatever an
 * overlaid inspector covers.
 */
export function fitOptions(rightInset = 0) {
  return {
    maxZoom: 1,
    padding: {
      top: "40px",
      left: "40px",
      right: `${40 + rightInset}px`,
      bottom: `${MINIMAP.h + MINIMAP.margin * 2 + 16}px`,
    },
  } as const;
}

/** An execution's path drawn over the graph: visited steps and the edges between them stand out. */
export interface CanvasPath {
  nodes: ReadonlySet<string>;
  /** source→target pairs taken, as "a>b". */
  edges: ReadonlySet<string>;
  current: string | null;
  status: string;
}

export function Canvas({
  builder,
  rightInset = 0,
  path,
}: {
  builder: Builder;
  rightInset?: number;
  path?: CanvasPath;
}) {
  const { stores, readOnly } = useBuilderContext();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const previous = useRef<RoutingResult | null>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const { resolvedTheme } = useTheme();
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  // Big graphs open at 100% on the start node instead of fitted: fitting 1,000 nodes mounts all of them
  // at an unreadable zoom; at 100% culling mounts only the few on screen.
  const [large] = useState(() => builder.nodes.length > LARGE_GRAPH);
  const [initialViewport] = useState(() => {
    const start = builder.nodes.find((n) => n.data.node_type === "start") ?? builder.nodes[0];
    return { x: 320 - (start?.position.x ?? 0), y: 80 - (start?.position.y ?? 0), zoom: 1 };
  });

  // The fitView prop can fire before every node is measured and frame only the first ones; fit once
  // more when all are.
  useEffect(() => {
    if (large || !initialized || fitted.current) return;
    fitted.current = true;
    void flow.fitView(fitOptions(rightInset));
  }, [initialized, flow, large, rightInset]);
  const fitViewOptions = useMemo(() => fitOptions(rightInset), [rightInset]);

  // Route on every change (drag frames included); the stores only wake edges whose route changed.
  useLayoutEffect(() => {
    const t0 = performance.now();
    const result = routeAll(builder.nodes, builder.edges, previous.current);
    previous.current = result;
    stores.routes.replace(result.routes);
    stores.exitSides.replace(result.exitSides);
    // Read by bench/builder.ts; a number and an optional array, nothing retained otherwise.
    const w = window as unknown as { __routingMs?: number; __routingSamples?: number[] };
    w.__routingMs = performance.now() - t0;
    w.__routingSamples?.push(w.__routingMs);
  }, [builder.nodes, builder.edges, stores]);

  // Clipboard through the document's copy/paste events: works across tabs and browsers without a
  // permission prompt, and the browser never hands us clipboard text we did not ask for.
  useEffect(() => {
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || window.getSelection()?.toString()) return;
      const payload = builder.copy();
      if (!payload) return;
      const text = serializeClipboard(payload);
      e.clipboardData?.setData("text/plain", text);
      localStorage.setItem(LOCAL_CLIPBOARD, text);
      e.preventDefault();
    };
    const onCut = (e: ClipboardEvent) => {
      if (readOnly) return;
      onCopy(e);
      if (e.defaultPrevented) builder.deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (readOnly || isTyping(e.target)) return;
      const payload = parseClipboard(e.clipboardData?.getData("text/plain") ?? "");
      if (!payload) return;
      e.preventDefault();
      builder.paste(payload);
    };
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
    };
  }, [builder, readOnly]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.defaultPrevented) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (readOnly) return;
      if (mod && key === "z") {
        e.preventDefault();
        e.shiftKey ? builder.redo() : builder.undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        builder.redo();
      } else if (mod && key === "d") {
        e.preventDefault();
        const payload = builder.copy();
        if (payload) builder.paste(payload);
      } else if (mod && key === "a") {
        e.preventDefault();
        builder.select(builder.nodes.map((n) => n.id));
      } else if (!mod && (e.key === "Delete" || e.key === "Backspace")) {
        e.preventDefault();
        builder.deleteSelection();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [builder, readOnly]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const type = nodeTypeSchema.safeParse(e.dataTransfer.getData(PALETTE_MIME));
    if (!type.success || readOnly) return;
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    builder.addNode(type.data, { x: p.x - DEFAULT_NODE_SIZE.w / 2, y: p.y - 20 });
  };

  const openMenu = (e: MouseEvent | globalThis.MouseEvent, nodeId?: string) => {
    e.preventDefault();
    if (nodeId && !builder.selectedIds().includes(nodeId)) builder.select([nodeId]);
    setMenu({ x: e.clientX, y: e.clientY, flow: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
  };

  const pasteFromMenu = async (at: { x: number; y: number }) => {
    let text = "";
    try {
      text = await navigator.clipboard.readText();
    } catch {
      text = localStorage.getItem(LOCAL_CLIPBOARD) ?? "";
    }
    const payload = parseClipboard(text) ?? parseClipboard(localStorage.getItem(LOCAL_CLIPBOARD) ?? "");
    if (payload) builder.paste(payload, at);
  };

  const copyFromMenu = async (cut: boolean) => {
    const payload = builder.copy();
    if (!payload) return;
    const text = serializeClipboard(payload);
    localStorage.setItem(LOCAL_CLIPBOARD, text);
    await navigator.clipboard.writeText(text).catch(() => undefined);
    if (cut) builder.deleteSelection();
  };

  const pathNodes = useMemo(
    () =>
      path
        ? builder.nodes.map((n) => ({
            ...n,
            className: path.nodes.has(n.id)
              ? n.id === path.current
                ? `rounded-lg ring-4 ${path.status === "failed" ? "ring-destructive" : path.status === "handoff" ? "ring-amber-500" : "ring-sky-500"}`
                : "rounded-lg ring-2 ring-emerald-500"
              : "opacity-40",
          }))
        : builder.nodes,
    [builder.nodes, path],
  );
  const pathEdges = useMemo(
    () =>
      path
        ? builder.edges.map((e) =>
            path.edges.has(`${e.source}>${e.target}`)
              ? {
                  ...e,
                  animated: true,
                  style: { stroke: "var(--color-emerald-500, #10b981)", strokeWidth: 3 },
                }
              : { ...e, style: { opacity: 0.35 } },
          )
        : builder.edges,
    [builder.edges, path],
  );

  return (
    <div
      role="application"
      aria-label="Workflow canvas"
      className="relative h-full w-full"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      }}
      onDrop={onDrop}
      onPointerMove={(e) => {
        pointer.current = { x: e.clientX, y: e.clientY };
      }}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={pathNodes}
        edges={pathEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={builder.onNodesChange}
        onEdgesChange={builder.onEdgesChange}
        onConnect={builder.onConnect}
        isValidConnection={builder.isValidConnection}
        onNodeDragStart={builder.onDragStart}
        onNodeDragStop={builder.onDragStop}
        onSelectionDragStart={builder.onDragStart}
        onSelectionDragStop={builder.onDragStop}
        onNodeContextMenu={(e, n) => openMenu(e, n.id)}
        onSelectionContextMenu={(e) => openMenu(e)}
        onPaneContextMenu={(e) => openMenu(e)}
        onPaneClick={() => setMenu(null)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        selectionMode={SelectionMode.Partial}
        snapToGrid
        snapGrid={snapGrid}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements={builder.nodes.length > LARGE_GRAPH}
        fitView={!large}
        fitViewOptions={fitViewOptions}
        defaultViewport={large ? initialViewport : undefined}
        proOptions={proOptions}
        colorMode={resolvedTheme === "dark" ? "dark" : "light"}
        // Theme colours for the minimap too: React Flow's own mask is a light grey slab on the dark canvas.
        className="[--xy-background-color:var(--background)] [--xy-minimap-background-color:var(--card)] [--xy-minimap-mask-background-color:color-mix(in_oklab,var(--muted-foreground)_18%,transparent)]"
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID} size={1} />
        <MiniMap
          pannable
          zoomable
          style={minimapStyle}
          nodeColor="var(--muted-foreground)"
          nodeStrokeColor="transparent"
          className="!hidden overflow-hidden rounded-md border border-border sm:!block"
        />
        <Controls
          showInteractive={false}
          fitViewOptions={fitViewOptions}
          className="[&_button]:!border-border [&_button]:!bg-card [&_button]:!fill-foreground"
        />
      </ReactFlow>
      {menu && (
        <ContextMenu
          state={menu}
          onClose={() => setMenu(null)}
          hasSelection={builder
            .selectedIds()
            .some((id) => builder.nodes.find((n) => n.id === id)?.data.node_type !== "start")}
          readOnly={readOnly}
          onCopy={() => copyFromMenu(false)}
          onCut={() => copyFromMenu(true)}
          onPaste={() => pasteFromMenu(menu.flow)}
          onDuplicate={() => {
            const p = builder.copy();
            if (p) builder.paste(p);
          }}
          onDelete={builder.deleteSelection}
        />
      )}
    </div>
  );
}

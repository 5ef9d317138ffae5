"use client";

import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useMemo, useRef, useState } from "react";
import {
  type ClipboardPayload,
  copySelection,
  makeIdFactory,
  pasteClipboard,
} from "@/lib/workflows/clipboard";
import { defaultConfig, type WorkflowDefinition } from "@/lib/workflows/definition";
import { emptyHistory, type History, record, redo, undo } from "@/lib/workflows/history";
import { autoLayout } from "@/lib/workflows/layout";
import type { Direction } from "@/lib/workflows/routing";
import type { NodeType } from "@/lib/workflows/steps/registry";
import {
  type FlowEdge,
  type FlowNode,
  type FlowNodeData,
  handlesOf,
  toDefinition,
  toFlow,
  toFlowNode,
} from "./flow-types";

type Snapshot = { nodes: FlowNode[]; edges: FlowEdge[] };

export const GRID = 20;

/**
 * The canvas state: React Flow nodes and edges (which are the definition plus view fields), and an
 * undo history of snapshots. Unchanged nodes keep their identity through every operation, so a paste
 * into a 1,000-node graph re-renders the pasted nodes, not the graph.
 */
export function useBuilder(initial: WorkflowDefinition, workflowId?: string) {
  const [state, setState] = useState<Snapshot>(() => toFlow(initial));
  const [history, setHistory] = useState<History<Snapshot>>(emptyHistory);
  // Bumped by every change worth saving (not selection or measuring).
  const [revision, setRevision] = useState(0);
  const current = useRef(state);
  current.current = state;
  const historyRef = useRef(history);
  historyRef.current = history;
  const dragBefore = useRef<Snapshot | null>(null);

  const commit = useCallback((next: Snapshot, key?: string) => {
    const before = current.current;
    current.current = next;
    setHistory((h) => record(h, before, { key }));
    setState(next);
    setRevision((r) => r + 1);
  }, []);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    setState((s) => {
      const next = { ...s, nodes: applyNodeChanges(changes, s.nodes) };
      current.current = next;
      return next;
    });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    // Removal goes through deleteSelection so it is undoable; React Flow only sends selection here.
    const safe = changes.filter((c) => c.type !== "remove");
    if (!safe.length) return;
    setState((s) => {
      const next = { ...s, edges: applyEdgeChanges(safe, s.edges) };
      current.current = next;
      return next;
    });
  }, []);

  const onDragStart = useCallback(() => {
    dragBefore.current = current.current;
  }, []);
  const onDragStop = useCallback(() => {
    const before = dragBefore.current;
    dragBefore.current = null;
    if (!before) return;
    const moved = current.current.nodes.some((n, i) => before.nodes[i]?.position !== n.position);
    if (!moved) return;
    setHistory((h) => record(h, before));
    setRevision((r) => r + 1);
  }, []);

  const isValidConnection = useCallback((c: Connection | FlowEdge) => {
    if (c.source === c.target) return false;
    const target = current.current.nodes.find((n) => n.id === c.target);
    return !!target && target.data.node_type !== "start";
  }, []);

  const onConnect = useCallback(
    (c: Connection) => {
      if (!isValidConnection(c)) return;
      const s = current.current;
      const source = s.nodes.find((n) => n.id === c.source);
      if (!source) return;
      const handles = handlesOf(source.data);
      const handle = handles.find((h) => h.id === c.sourceHandle) ?? handles[0];
      if (!handle) return;
      // One edge per output: connecting an output again moves its edge.
      const edges = s.edges.filter(
        (e) => !(e.source === c.source && (e.sourceHandle ?? handles[0]?.id) === handle.id),
      );
      const id = makeIdFactory(s.edges.map((e) => e.id))("edge");
      edges.push({
        id,
        source: c.source,
        target: c.target,
        sourceHandle: handle.id,
        type: "routed",
        data: { label: handle.label },
      });
      commit({ ...s, edges });
    },
    [commit, isValidConnection],
  );

  const addNode = useCallback(
    /** `after`: a step whose first free output the new one is connected to (in the same undo step). */
    (type: NodeType, position: { x: number; y: number }, after?: string) => {
      const s = current.current;
      const id = makeIdFactory(s.nodes.map((n) => n.id))(type);
      const node = toFlowNode(
        {
          id,
          type: "flow-node",
          position: snap(position),
          data: { node_type: type, config: defaultConfig(type) },
        },
        true,
      );
      const source = after ? s.nodes.find((n) => n.id === after) : undefined;
      const handles = source ? handlesOf(source.data) : [];
      const free = handles.find(
        (h) => !s.edges.some((e) => e.source === source?.id && (e.sourceHandle ?? handles[0]?.id) === h.id),
      );
      const edges =
        source && free
          ? [
              ...s.edges,
              {
                id: makeIdFactory(s.edges.map((e) => e.id))("edge"),
                source: source.id,
                target: id,
                sourceHandle: free.id,
                type: "routed" as const,
                data: { label: free.label },
              },
            ]
          : s.edges;
      commit({ nodes: [...deselect(s.nodes), node], edges });
      return id;
    },
    [commit],
  );

  const selectedIds = useCallback(() => current.current.nodes.filter((n) => n.selected).map((n) => n.id), []);

  const deleteSelection = useCallback(() => {
    const s = current.current;
    const gone = new Set(s.nodes.filter((n) => n.selected && n.data.node_type !== "start").map((n) => n.id));
    const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (!gone.size && edges.length === s.edges.length) return;
    commit({ nodes: gone.size ? s.nodes.filter((n) => !gone.has(n.id)) : s.nodes, edges });
  }, [commit]);

  const copy = useCallback((): ClipboardPayload | null => {
    const s = current.current;
    return copySelection(toDefinition(s.nodes, s.edges), selectedIds(), workflowId);
  }, [selectedIds, workflowId]);

  const paste = useCallback(
    (payload: ClipboardPayload, at?: { x: number; y: number }) => {
      const s = current.current;
      // Flow nodes carry the definition fields, so the pure paste works on them directly.
      const def = { nodes: s.nodes, edges: s.edges } as unknown as WorkflowDefinition;
      const { definition } = pasteClipboard(def, payload, { at: at && snap(at), workflowId });
      const added = definition.nodes.slice(s.nodes.length).map((n) => toFlowNode(n, true));
      const byId = new Map<string, FlowNodeData>(added.map((n) => [n.id, n.data]));
      const addedEdges = definition.edges.slice(s.edges.length).map((e) => {
        const handles = handlesOf(byId.get(e.source) as FlowNodeData);
        const handle = e.sourceHandle ?? handles.find((h) => h.label === e.label)?.id ?? handles[0]?.id;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          sourceHandle: handle,
          type: "routed" as const,
          data: { label: e.label },
        };
      });
      commit({ nodes: [...deselect(s.nodes), ...added], edges: [...deselectEdges(s.edges), ...addedEdges] });
      return added.map((n) => n.id);
    },
    [commit, workflowId],
  );

  const updateNodeData = useCallback(
    (id: string, patch: Partial<FlowNodeData>, key?: string) => {
      const s = current.current;
      const nodes = s.nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n));
      // Outputs may have been renamed or removed: keep edge labels in step, drop edges from gone outputs.
      const node = nodes.find((n) => n.id === id);
      let edges = s.edges;
      if (node && patch.config) {
        const handles = handlesOf(node.data);
        edges = s.edges.flatMap((e) => {
          if (e.source !== id) return [e];
          const h = handles.find((x) => x.id === e.sourceHandle);
          if (!h) return [];
          return h.label === e.data?.label ? [e] : [{ ...e, data: { label: h.label } }];
        });
      }
      commit({ nodes, edges }, key ?? `data:${id}`);
    },
    [commit],
  );

  const layout = useCallback(
    (direction: Direction) => {
      const s = current.current;
      const sizes = new Map(
        s.nodes.map((n) => [n.id, { w: n.measured?.width ?? 260, h: n.measured?.height ?? 96 }]),
      );
      const selected = new Set(selectedIds());
      const laid = autoLayout(toDefinition(s.nodes, s.edges), {
        direction,
        sizes,
        grid: GRID,
        only: selected.size > 1 ? selected : undefined,
      });
      commit({
        nodes: s.nodes.map((n, i) => ({ ...n, position: laid.nodes[i]?.position ?? n.position })),
        edges: s.edges,
      });
    },
    [commit, selectedIds],
  );

  const applyHistory = useCallback((dir: "undo" | "redo") => {
    const r = (dir === "undo" ? undo : redo)(historyRef.current, current.current);
    if (!r) return;
    current.current = r.state;
    setHistory(r.history);
    setState(r.state);
    setRevision((v) => v + 1);
  }, []);

  const undoFn = useCallback(() => applyHistory("undo"), [applyHistory]);
  const redoFn = useCallback(() => applyHistory("redo"), [applyHistory]);

  /** Replace everything (reload from the server, restore a version): a fresh start, history cleared. */
  const reset = useCallback((def: WorkflowDefinition) => {
    const next = toFlow(def);
    current.current = next;
    setState(next);
    setHistory(emptyHistory());
  }, []);

  const select = useCallback((ids: string[]) => {
    const want = new Set(ids);
    setState((s) => {
      const next = {
        nodes: s.nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
        edges: deselectEdges(s.edges),
      };
      current.current = next;
      return next;
    });
  }, []);

  const getDefinition = useCallback(() => toDefinition(current.current.nodes, current.current.edges), []);

  return useMemo(
    () => ({
      nodes: state.nodes,
      edges: state.edges,
      revision,
      canUndo: history.past.length > 0,
      canRedo: history.future.length > 0,
      onNodesChange,
      onEdgesChange,
      onDragStart,
      onDragStop,
      onConnect,
      isValidConnection,
      addNode,
      deleteSelection,
      copy,
      paste,
      updateNodeData,
      layout,
      undo: undoFn,
      redo: redoFn,
      reset,
      select,
      selectedIds,
      getDefinition,
    }),
    [
      state,
      revision,
      history,
      onNodesChange,
      onEdgesChange,
      onDragStart,
      onDragStop,
      onConnect,
      isValidConnection,
      addNode,
      deleteSelection,
      copy,
      paste,
      updateNodeData,
      layout,
      undoFn,
      redoFn,
      reset,
      select,
      selectedIds,
      getDefinition,
    ],
  );
}

export type Builder = ReturnType<typeof useBuilder>;

const snap = (p: { x: number; y: number }) => ({
  x: Math.round(p.x / GRID) * GRID,
  y: Math.round(p.y / GRID) * GRID,
});
const deselect = (nodes: FlowNode[]) => nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
const deselectEdges = (edges: FlowEdge[]) => edges.map((e) => (e.selected ? { ...e, selected: false } : e));

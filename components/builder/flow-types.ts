import type { Edge, Node } from "@xyflow/react";
import {
  edgeHandleId,
  type OutputHandle,
  outputHandles,
  type WorkflowDefinition,
  type WorkflowNode,
} from "@/lib/workflows/definition";
import { DEFAULT_NODE_SIZE } from "@/lib/workflows/layout";

/** React Flow's node type name is Kapso's `type: "flow-node"`, so a definition node is almost a flow node. */
export type FlowNodeData = WorkflowNode["data"];
export type FlowNode = Node<FlowNodeData, "flow-node">;
export type FlowEdge = Edge<{ label: string }, "routed">;

// Handles are derived from config on every routing pass; cache per data object (immutable).
const handleCache = new WeakMap<object, OutputHandle[]>();
export function handlesOf(data: FlowNodeData): OutputHandle[] {
  let h = handleCache.get(data);
  if (!h) {
    h = outputHandles({ data });
    handleCache.set(data, h);
  }
  return h;
}

export function toFlowNode(n: WorkflowNode, selected = false): FlowNode {
  return {
    id: n.id,
    type: "flow-node",
    position: n.position,
    data: n.data,
    selected,
    deletable: n.data.node_type !== "start",
    // Lets React Flow cull nodes it has not measured yet, so opening a big graph mounts only what shows.
    initialWidth: DEFAULT_NODE_SIZE.w,
    initialHeight: DEFAULT_NODE_SIZE.h,
  };
}

export function toFlowEdge(
  e: WorkflowDefinition["edges"][number],
  nodes: Map<string, FlowNodeData>,
): FlowEdge {
  const data = nodes.get(e.source);
  const handle = data ? edgeHandleId(e, handlesOf(data)) : (e.sourceHandle ?? undefined);
  return {
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: handle,
    type: "routed",
    data: { label: e.label },
  };
}

export function toFlow(def: WorkflowDefinition): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const byId = new Map(def.nodes.map((n) => [n.id, n.data]));
  return { nodes: def.nodes.map((n) => toFlowNode(n)), edges: def.edges.map((e) => toFlowEdge(e, byId)) };
}

export function toDefinition(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): WorkflowDefinition {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      type: "flow-node" as const,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      data: n.data,
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? undefined,
      label: e.data?.label ?? "next",
    })),
  };
}

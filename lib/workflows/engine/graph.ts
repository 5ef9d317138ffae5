import { edgeHandleId, outputHandles, type WorkflowDefinition, type WorkflowNode } from "../definition";
import { START_NODE_ID } from "../node-configs";

/** Walking a published definition (pure). */

export function startNode(def: WorkflowDefinition): WorkflowNode | undefined {
  return def.nodes.find((n) => n.data.node_type === "start") ?? def.nodes.find((n) => n.id === START_NODE_ID);
}

export function nodeById(def: WorkflowDefinition, id: string | null): WorkflowNode | undefined {
  return id ? def.nodes.find((n) => n.id === id) : undefined;
}

/**
 * The node an output leads to: the edge leaving `nodeId` from that output (matched by handle id, then by
 * label), or, for a step with a single output, its only edge. Null: the run ends here.
 */
export function nextNodeId(def: WorkflowDefinition, nodeId: string, output?: string): string | null {
  const node = nodeById(def, nodeId);
  if (!node) return null;
  const handles = outputHandles(node);
  const edges = def.edges.filter((e) => e.source === nodeId);
  if (edges.length === 0) return null;
  const wanted = output ?? handles[0]?.id;
  const handle = handles.find((h) => h.id === wanted || h.label === wanted) ?? handles[0];
  const byHandle = edges.find((e) => edgeHandleId(e, handles) === handle?.id);
  if (byHandle) return byHandle.target;
  if (output === undefined && edges.length === 1) return (edges[0] as { target: string }).target;
  return null;
}

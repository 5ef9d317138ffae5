import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "./definition";

export interface NodeRef {
  id: string;
  nodeType: string;
  displayName: string;
}

export interface EdgeRef {
  source: string;
  target: string;
  label: string;
}

export interface PromotionDiff {
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: NodeRef[]; moved: number };
  edges: { added: EdgeRef[]; removed: EdgeRef[] };
  /** True when promoting would change nothing the engine runs (positions aside). */
  identical: boolean;
}

const nodeRef = (n: WorkflowNode): NodeRef => ({
  id: n.id,
  nodeType: n.data.node_type,
  displayName: n.data.display_name ?? "",
});

// Edge ids are editor artefacts (a paste mints new ones), so two edges are "the same" when they join the
// same nodes from the same output: that is what the engine follows.
const edgeKey = (e: WorkflowEdge) => JSON.stringify([e.source, e.sourceHandle ?? null, e.target, e.label]);
const edgeRef = (e: WorkflowEdge): EdgeRef => ({ source: e.source, target: e.target, label: e.label });

// Key order in stored JSON is not meaningful, so compare canonical forms.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/**
 * What promoting `from` onto `to` would do to `to`: nodes matched by id (added, removed, changed in
 * type, name or config; moves are counted apart because they do not change behaviour) and edges
 * matched by their endpoints and output.
 */
export function promotionDiff(from: WorkflowDefinition, to: WorkflowDefinition): PromotionDiff {
  const before = new Map(to.nodes.map((n) => [n.id, n]));
  const after = new Map(from.nodes.map((n) => [n.id, n]));

  const added: NodeRef[] = [];
  const changed: NodeRef[] = [];
  let moved = 0;
  for (const n of from.nodes) {
    const old = before.get(n.id);
    if (!old) {
      added.push(nodeRef(n));
      continue;
    }
    if (canonical(old.data) !== canonical(n.data)) changed.push(nodeRef(n));
    else if (old.position.x !== n.position.x || old.position.y !== n.position.y) moved++;
  }
  const removed = to.nodes.filter((n) => !after.has(n.id)).map(nodeRef);

  const beforeEdges = new Set(to.edges.map(edgeKey));
  const afterEdges = new Set(from.edges.map(edgeKey));
  const edgesAdded = dedupe(from.edges.filter((e) => !beforeEdges.has(edgeKey(e))));
  const edgesRemoved = dedupe(to.edges.filter((e) => !afterEdges.has(edgeKey(e))));

  return {
    nodes: { added, removed, changed, moved },
    edges: { added: edgesAdded.map(edgeRef), removed: edgesRemoved.map(edgeRef) },
    identical: added.length + removed.length + changed.length + edgesAdded.length + edgesRemoved.length === 0,
  };
}

function dedupe(edges: WorkflowEdge[]): WorkflowEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const k = edgeKey(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

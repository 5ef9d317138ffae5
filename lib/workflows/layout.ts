import { Graph, layout } from "@dagrejs/dagre";
import { edgeHandleId, outputHandles, type WorkflowDefinition } from "./definition";
import type { Direction } from "./routing";

export const DEFAULT_NODE_SIZE = { w: 260, h: 96 };

export type LayoutOptions = {
  direction?: Direction;
  /** Measured sizes from the canvas; unmeasured nodes use DEFAULT_NODE_SIZE. */
  sizes?: Map<string, { w: number; h: number }>;
  /** Lay out only these nodes; the rest stay put and the result is anchored where the selection was. */
  only?: Set<string>;
  /** Snap positions to this grid. */
  grid?: number;
};

/**
 * The order dagre should meet nodes and edges in, so that a step's branches come out in its output
 * order (decide conditions, buttons, rows: first output leftmost in TB, topmost in LR) and branch
 * edges never cross each other: nodes depth-first from start, each node's edges ordered by output.
 * Also the depth-first tree's edges (each node's first way in), for the fallback in autoLayout.
 */
export function branchOrder(
  def: WorkflowDefinition,
  ids: Set<string>,
): { nodeOrder: WorkflowDefinition["nodes"]; edgeOrder: Edge[]; treeEdges: Edge[] } {
  const byId = new Map(def.nodes.filter((n) => ids.has(n.id)).map((n) => [n.id, n]));
  const out = new Map<string, WorkflowDefinition["edges"]>();
  for (const e of def.edges) {
    if (!byId.has(e.source) || !byId.has(e.target) || e.source === e.target) continue;
    out.set(e.source, [...(out.get(e.source) ?? []), e]);
  }
  for (const [source, list] of out) {
    const node = byId.get(source);
    if (!node) continue;
    const handles = outputHandles(node);
    const rank = (e: WorkflowDefinition["edges"][number]) => {
      const i = handles.findIndex((h) => h.id === edgeHandleId(e, handles));
      return i < 0 ? handles.length : i;
    };
    // Last output first: dagre (measured, see layout.test.ts) places a node's successors in the
    // reverse of the order their edges were added.
    list.sort((a, b) => rank(b) - rank(a));
  }
  const seen = new Set<string>();
  const nodeOrder: WorkflowDefinition["nodes"] = [];
  const edgeOrder: Edge[] = [];
  const treeEdges: Edge[] = [];
  const reached = new Set<string>();
  const visit = (root: string) => {
    if (!seen.has(root)) reached.add(root);
    const stack = [root];
    while (stack.length) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      nodeOrder.push(byId.get(id) as WorkflowDefinition["nodes"][number]);
      const edges = out.get(id) ?? [];
      edgeOrder.push(...edges);
      for (const e of edges) {
        if (reached.has(e.target)) continue;
        reached.add(e.target);
        treeEdges.push(e);
      }
      // Edges are last output first, so the first output is pushed last and walked first.
      for (const e of edges) stack.push(e.target);
    }
  };
  const starts = [...byId.values()].filter((n) => n.data.node_type === "start");
  for (const n of [...starts, ...byId.values()]) visit(n.id);
  return { nodeOrder, edgeOrder, treeEdges };
}

type Edge = WorkflowDefinition["edges"][number];
type Centre = { x: number; y: number; width: number; height: number };

function runDagre(
  dir: Direction,
  nodeOrder: WorkflowDefinition["nodes"],
  edges: Edge[],
  sizes?: Map<string, { w: number; h: number }>,
): Map<string, Centre> {
  const g = new Graph({ multigraph: true });
  g.setGraph({
    rankdir: dir,
    nodesep: dir === "TB" ? 60 : 50,
    ranksep: dir === "TB" ? 90 : 120,
    marginx: 0,
    marginy: 0,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodeOrder) {
    const s = sizes?.get(n.id) ?? DEFAULT_NODE_SIZE;
    g.setNode(n.id, { width: s.w, height: s.h });
  }
  for (const e of edges) g.setEdge(e.source, e.target, {}, e.id);
  layout(g);
  return new Map(nodeOrder.map((n) => [n.id, g.node(n.id) as Centre]));
}

/**
 * True when some step's branches come out of order along the cross axis (so their edges cross): each
 * output's target must sit no further left (TB) or up (LR) than the next output's.
 */
export function branchesCross(
  edgeOrder: Edge[],
  placed: Map<string, { x: number; y: number }>,
  dir: Direction,
) {
  const across = (id: string) => {
    const p = placed.get(id);
    return p ? (dir === "TB" ? p.x : p.y) : 0;
  };
  const bySource = new Map<string, string[]>();
  for (const e of edgeOrder) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e.target]);
  for (const targets of bySource.values()) {
    // edgeOrder lists a step's edges last output first (see branchOrder).
    const inOrder = [...new Set([...targets].reverse())];
    for (let i = 1; i < inOrder.length; i++) {
      if (across(inOrder[i] as string) < across(inOrder[i - 1] as string)) return true;
    }
  }
  return false;
}

/**
 * Layered ("tidy") layout with dagre, branches in output order (see branchOrder). When a link across
 * branches makes dagre's crossing minimisation reorder a step's branches anyway, lay out again along
 * the depth-first tree only (the other links are still drawn, they just do not steer the layout):
 * branch edges never cross, which matters more to a reader than a merge centred under its inputs.
 */
export function autoLayout(def: WorkflowDefinition, opts: LayoutOptions = {}): WorkflowDefinition {
  const dir = opts.direction ?? "TB";
  const only = opts.only && opts.only.size > 1 ? opts.only : undefined;
  const nodes = only ? def.nodes.filter((n) => only.has(n.id)) : def.nodes;
  if (nodes.length === 0) return def;
  const ids = new Set(nodes.map((n) => n.id));
  const { nodeOrder, edgeOrder, treeEdges } = branchOrder(def, ids);
  let centres = runDagre(dir, nodeOrder, edgeOrder, opts.sizes);
  if (treeEdges.length < edgeOrder.length && branchesCross(edgeOrder, centres, dir)) {
    centres = runDagre(dir, nodeOrder, treeEdges, opts.sizes);
  }

  // dagre positions centres; anchor the result at the old top-left corner of what was laid out.
  const old = {
    x: Math.min(...nodes.map((n) => n.position.x)),
    y: Math.min(...nodes.map((n) => n.position.y)),
  };
  const placed = new Map<string, { x: number; y: number }>();
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (const n of nodes) {
    const p = centres.get(n.id) as Centre;
    const tl = { x: p.x - p.width / 2, y: p.y - p.height / 2 };
    placed.set(n.id, tl);
    minX = Math.min(minX, tl.x);
    minY = Math.min(minY, tl.y);
  }
  const grid = opts.grid ?? 0;
  const snap = (v: number) => (grid ? Math.round(v / grid) * grid : Math.round(v));
  return {
    ...def,
    nodes: def.nodes.map((n) => {
      const p = placed.get(n.id);
      return p ? { ...n, position: { x: snap(p.x - minX + old.x), y: snap(p.y - minY + old.y) } } : n;
    }),
  };
}

/**
 * The first place at or below `want` where a new node of the default size overlaps no existing node
 * (with a margin), moving down a row at a time: a node added by click never lands on top of another.
 */
export function freeSpot(
  nodes: { position: { x: number; y: number }; measured?: { width?: number; height?: number } }[],
  want: { x: number; y: number },
  gap = 40,
): { x: number; y: number } {
  const { w, h } = DEFAULT_NODE_SIZE;
  const hits = (y: number) =>
    nodes.some((n) => {
      const nw = n.measured?.width ?? w;
      const nh = n.measured?.height ?? h;
      return (
        want.x < n.position.x + nw + gap / 2 &&
        want.x + w + gap / 2 > n.position.x &&
        y < n.position.y + nh + gap / 2 &&
        y + h + gap / 2 > n.position.y
      );
    });
  let y = want.y;
  for (let i = 0; i < 500 && hits(y); i++) y += h / 2;
  return { x: want.x, y };
}

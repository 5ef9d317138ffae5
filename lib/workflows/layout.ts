import { Graph, layout } from "@dagrejs/dagre";
import type { WorkflowDefinition } from "./definition";
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
 * Layered ("tidy") layout with dagre. Edges are added in the source's output order so branches keep
 * their semantic left-to-right (or top-to-bottom) order where dagre has the freedom to.
 */
export function autoLayout(def: WorkflowDefinition, opts: LayoutOptions = {}): WorkflowDefinition {
  const dir = opts.direction ?? "TB";
  const only = opts.only && opts.only.size > 1 ? opts.only : undefined;
  const nodes = only ? def.nodes.filter((n) => only.has(n.id)) : def.nodes;
  if (nodes.length === 0) return def;
  const g = new Graph({ multigraph: true });
  g.setGraph({
    rankdir: dir,
    nodesep: dir === "TB" ? 60 : 50,
    ranksep: dir === "TB" ? 90 : 120,
    marginx: 0,
    marginy: 0,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    const s = opts.sizes?.get(n.id) ?? DEFAULT_NODE_SIZE;
    g.setNode(n.id, { width: s.w, height: s.h });
  }
  for (const e of def.edges) {
    if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      g.setEdge(e.source, e.target, {}, e.id);
  }
  layout(g);

  // dagre positions centres; anchor the result at the old top-left corner of what was laid out.
  const old = {
    x: Math.min(...nodes.map((n) => n.position.x)),
    y: Math.min(...nodes.map((n) => n.position.y)),
  };
  const placed = new Map<string, { x: number; y: number }>();
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (const n of nodes) {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number };
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

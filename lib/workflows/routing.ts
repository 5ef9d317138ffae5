/**
 * Smart edge sides (builder-anchors §8). Pure and allocation-light: the canvas recomputes every edge
 * on each drag frame, so all of a 1,000-node graph must route in well under a frame.
 *
 * - One exit side per source node, chosen by a vote of its targets (ties: keep the previous side, then
 *   the layout's natural side). Outputs keep their semantic order along that side.
 * - Each target is entered on the side facing its source; several edges entering the same side are
 *   spread in the order of where they come from, so they do not cross.
 * - An edge whose target lies behind the exit side detours around the source through a lane beside
 *   both nodes instead of cutting through the source.
 * - Hysteresis: a previous side is kept until another side beats it by HYSTERESIS, so sides do not
 *   flicker while a node is dragged across a diagonal.
 */

export type Side = "top" | "right" | "bottom" | "left";
export type Direction = "TB" | "LR";
export type Box = { x: number; y: number; w: number; h: number };

export type RoutingEdge = {
  id: string;
  source: string;
  target: string;
  /** Position of the edge's output among its source's outputs (semantic order). */
  handleIndex: number;
  handleCount: number;
};

export type Route = {
  sourceSide: Side;
  targetSide: Side;
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  /** Target lies behind the exit side: drawn around the source through `lane`. */
  backward: boolean;
  /** x of the vertical lane (exit top/bottom) or y of the horizontal lane (exit left/right). */
  lane: number;
};

export type RoutingResult = {
  routes: Map<string, Route>;
  exitSides: Map<string, Side>;
};

export const OPPOSITE: Record<Side, Side> = { top: "bottom", bottom: "top", left: "right", right: "left" };
/** The layout's natural axis wins unless the offset is clearly sideways. */
export const AXIS_BIAS = 1.5;
export const HYSTERESIS = 1.25;
export const LANE_GAP = 40;
const LANE_STAGGER = 12;
const STUB = 20;

const DEFAULT_EXIT: Record<Direction, Side> = { TB: "bottom", LR: "right" };
const SIDE_ORDER: Record<Direction, Side[]> = {
  TB: ["bottom", "right", "left", "top"],
  LR: ["right", "bottom", "top", "left"],
};

function score(a: Box, b: Box, dir: Direction, side: Side): number {
  const nx = (b.x + b.w / 2 - (a.x + a.w / 2)) / ((a.w + b.w) / 2);
  const ny = (b.y + b.h / 2 - (a.y + a.h / 2)) / ((a.h + b.h) / 2);
  const v = dir === "TB" ? AXIS_BIAS : 1;
  const h = dir === "LR" ? AXIS_BIAS : 1;
  switch (side) {
    case "bottom":
      return ny * v;
    case "top":
      return -ny * v;
    case "right":
      return nx * h;
    case "left":
      return -nx * h;
  }
}

/** The side of `a` that faces `b`, sticking to `previous` unless another side is clearly better. */
export function preferredSide(a: Box, b: Box, dir: Direction = "TB", previous?: Side): Side {
  let best: Side = DEFAULT_EXIT[dir];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const side of SIDE_ORDER[dir]) {
    const s = score(a, b, dir, side);
    if (s > bestScore) {
      best = side;
      bestScore = s;
    }
  }
  if (previous && previous !== best) {
    const prev = score(a, b, dir, previous);
    if (prev > 0 && bestScore <= prev * HYSTERESIS) return previous;
  }
  return best;
}

/** Whether `t` lies ahead of `s` when leaving `s` through `side`. */
export function isAhead(s: Box, t: Box, side: Side): boolean {
  switch (side) {
    case "bottom":
      return t.y + t.h / 2 > s.y + s.h;
    case "top":
      return t.y + t.h / 2 < s.y;
    case "right":
      return t.x + t.w / 2 > s.x + s.w;
    case "left":
      return t.x + t.w / 2 < s.x;
  }
}

/** Writes the point at fraction f along a side (read left→right or top→bottom) into r. */
function setPort(r: Route, which: "s" | "t", b: Box, side: Side, f: number): void {
  let x: number;
  let y: number;
  if (side === "top" || side === "bottom") {
    x = b.x + b.w * f;
    y = side === "top" ? b.y : b.y + b.h;
  } else {
    x = side === "left" ? b.x : b.x + b.w;
    y = b.y + b.h * f;
  }
  if (which === "s") {
    r.sx = x;
    r.sy = y;
  } else {
    r.tx = x;
    r.ty = y;
  }
}

/** Where output `index` of `count` sits along a side; the node component places its handles the same way. */
export function slotFraction(index: number, count: number): number {
  return (index + 1) / (Math.max(count, 1) + 1);
}

export function voteExitSide(source: Box, targets: Box[], dir: Direction = "TB", previous?: Side): Side {
  if (targets.length === 0) return previous ?? DEFAULT_EXIT[dir];
  const votes: Record<Side, number> = { top: 0, right: 0, bottom: 0, left: 0 };
  const weight: Record<Side, number> = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const t of targets) {
    const side = preferredSide(source, t, dir, previous);
    votes[side]++;
    weight[side] += score(source, t, dir, side);
  }
  let max = 0;
  for (const side of SIDE_ORDER[dir]) max = Math.max(max, votes[side]);
  const tied = SIDE_ORDER[dir].filter((side) => votes[side] === max);
  if (tied.length === 1) return tied[0] as Side;
  if (previous && tied.includes(previous)) return previous;
  if (tied.includes(DEFAULT_EXIT[dir])) return DEFAULT_EXIT[dir];
  // Remaining ties (e.g. one target left, one right): the side whose targets lie more clearly that way.
  return tied.reduce((a, b) => (weight[b] > weight[a] ? b : a));
}

type Pending = { id: string; route: Route; order: number };

export function computeRoutes(
  boxes: Map<string, Box>,
  edges: readonly RoutingEdge[],
  opts: { direction?: Direction; previous?: RoutingResult | null } = {},
): RoutingResult {
  const dir = opts.direction ?? "TB";
  const prev = opts.previous;
  const bySource = new Map<string, RoutingEdge[]>();
  for (const e of edges) {
    if (!boxes.has(e.source) || !boxes.has(e.target) || e.source === e.target) continue;
    const list = bySource.get(e.source);
    if (list) list.push(e);
    else bySource.set(e.source, [e]);
  }

  const exitSides = new Map<string, Side>();
  // Edges entering each target, per side.
  const incoming = new Map<string, Partial<Record<Side, Pending[]>>>();
  const routes = new Map<string, Route>();

  for (const [sourceId, out] of bySource) {
    const s = boxes.get(sourceId) as Box;
    const targets: Box[] = [];
    for (const e of out) targets.push(boxes.get(e.target) as Box);
    const exit = voteExitSide(s, targets, dir, prev?.exitSides.get(sourceId));
    exitSides.set(sourceId, exit);
    let backwardCount = 0;
    for (let i = 0; i < out.length; i++) {
      const e = out[i] as RoutingEdge;
      const t = targets[i] as Box;
      const route: Route = {
        sourceSide: exit,
        targetSide: exit,
        sx: 0,
        sy: 0,
        tx: 0,
        ty: 0,
        backward: false,
        lane: 0,
      };
      setPort(route, "s", s, exit, slotFraction(e.handleIndex, e.handleCount));
      const { sx, sy } = route;
      const vertical = exit === "top" || exit === "bottom";
      const backward = !isAhead(s, t, exit);
      let targetSide: Side;
      let lane = 0;
      let order: number;
      if (!backward) {
        targetSide = preferredSide(t, s, dir, prev?.routes.get(e.id)?.targetSide);
        if (targetSide === exit) targetSide = OPPOSITE[exit]; // entering on the far side would wrap round the target
        order = targetSide === "top" || targetSide === "bottom" ? sx : sy;
      } else {
        const stagger = LANE_GAP + LANE_STAGGER * backwardCount++;
        // With room between the two nodes the lane runs through the gap and enters the facing side;
        // when they overlap on that axis it runs outside both and enters the outer side.
        if (vertical) {
          const goLeft = t.x + t.w / 2 < s.x + s.w / 2;
          const gap = goLeft ? s.x - (t.x + t.w) : t.x - (s.x + s.w);
          if (gap > 2 * STUB) {
            lane = goLeft ? t.x + t.w + gap / 2 : s.x + s.w + gap / 2;
            targetSide = goLeft ? "right" : "left";
          } else {
            lane = goLeft ? Math.min(s.x, t.x) - stagger : Math.max(s.x + s.w, t.x + t.w) + stagger;
            targetSide = goLeft ? "left" : "right";
          }
        } else {
          const goUp = t.y + t.h / 2 < s.y + s.h / 2;
          const gap = goUp ? s.y - (t.y + t.h) : t.y - (s.y + s.h);
          if (gap > 2 * STUB) {
            lane = goUp ? t.y + t.h + gap / 2 : s.y + s.h + gap / 2;
            targetSide = goUp ? "bottom" : "top";
          } else {
            lane = goUp ? Math.min(s.y, t.y) - stagger : Math.max(s.y + s.h, t.y + t.h) + stagger;
            targetSide = goUp ? "top" : "bottom";
          }
        }
        order = vertical ? sy : sx;
      }
      route.targetSide = targetSide;
      route.backward = backward;
      route.lane = lane;
      let sides = incoming.get(e.target);
      if (!sides) {
        sides = {};
        incoming.set(e.target, sides);
      }
      const pending = { id: e.id, route, order };
      const list = sides[targetSide];
      if (list) list.push(pending);
      else sides[targetSide] = [pending];
    }
  }

  // Fan-in: spread edges entering one side in the order of where they come from.
  for (const [targetId, sides] of incoming) {
    const t = boxes.get(targetId) as Box;
    for (const side of SIDE_ORDER.TB) {
      const list = sides[side];
      if (!list) continue;
      if (list.length > 1) list.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
      for (let i = 0; i < list.length; i++) {
        const p = list[i] as Pending;
        setPort(p.route, "t", t, side, slotFraction(i, list.length));
        routes.set(p.id, p.route);
      }
    }
  }
  return { routes, exitSides };
}

/** Fields that matter for drawing; lets callers keep an unchanged route's identity between frames. */
export function sameRoute(a: Route | undefined, b: Route | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.sourceSide === b.sourceSide &&
    a.targetSide === b.targetSide &&
    a.sx === b.sx &&
    a.sy === b.sy &&
    a.tx === b.tx &&
    a.ty === b.ty &&
    a.backward === b.backward &&
    a.lane === b.lane
  );
}

const step = (side: Side): [number, number] =>
  side === "top" ? [0, -1] : side === "bottom" ? [0, 1] : side === "left" ? [-1, 0] : [1, 0];

/** Orthogonal detour for a backward edge: out of the source, along the lane, into the target's side. */
export function detourPoints(r: Route): [number, number][] {
  const [dx, dy] = step(r.sourceSide);
  const [ex, ey] = step(r.targetSide);
  const p1: [number, number] = [r.sx + dx * STUB, r.sy + dy * STUB];
  const tEnd: [number, number] = [r.tx + ex * STUB, r.ty + ey * STUB];
  const vertical = r.sourceSide === "top" || r.sourceSide === "bottom";
  return vertical
    ? [[r.sx, r.sy], p1, [r.lane, p1[1]], [r.lane, tEnd[1]], tEnd, [r.tx, r.ty]]
    : [[r.sx, r.sy], p1, [p1[0], r.lane], [tEnd[0], r.lane], tEnd, [r.tx, r.ty]];
}

/** SVG path through orthogonal points with rounded corners. */
export function roundedPath(points: [number, number][], radius = 10): string {
  const first = points[0];
  if (!first) return "";
  let d = `M ${first[0]} ${first[1]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1] as [number, number];
    const [x, y] = points[i] as [number, number];
    const [nx, ny] = points[i + 1] as [number, number];
    const r = Math.min(radius, Math.hypot(x - px, y - py) / 2, Math.hypot(nx - x, ny - y) / 2);
    const ax = x + Math.sign(px - x) * r;
    const ay = y + Math.sign(py - y) * r;
    const bx = x + Math.sign(nx - x) * r;
    const by = y + Math.sign(ny - y) * r;
    d += ` L ${ax} ${ay} Q ${x} ${y} ${bx} ${by}`;
  }
  const last = points[points.length - 1] as [number, number];
  return `${d} L ${last[0]} ${last[1]}`;
}

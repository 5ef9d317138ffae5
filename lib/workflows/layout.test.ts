import { describe, expect, it } from "vitest";
import type { WorkflowDefinition, WorkflowNode } from "./definition";
import { autoLayout, DEFAULT_NODE_SIZE, freeSpot } from "./layout";

const n = (id: string, x = 0, y = 0): WorkflowNode => ({
  id,
  type: "flow-node",
  position: { x, y },
  data: { node_type: id === "start" ? "start" : "send_text", config: {} },
});
const e = (source: string, target: string) => ({ id: `${source}-${target}`, source, target, label: "next" });
// start → a → (b, c) → d, all piled up at the origin
const def: WorkflowDefinition = {
  nodes: [n("start"), n("a"), n("b"), n("c"), n("d")],
  edges: [e("start", "a"), e("a", "b"), e("a", "c"), e("b", "d"), e("c", "d")],
};
const pos = (d: WorkflowDefinition, id: string) =>
  d.nodes.find((x) => x.id === id)?.position ?? { x: NaN, y: NaN };

const overlaps = (d: WorkflowDefinition) =>
  d.nodes.some((a, i) =>
    d.nodes.some(
      (b, j) =>
        i < j &&
        Math.abs(a.position.x - b.position.x) < DEFAULT_NODE_SIZE.w &&
        Math.abs(a.position.y - b.position.y) < DEFAULT_NODE_SIZE.h,
    ),
  );

describe("autoLayout", () => {
  it("lays out top to bottom in ranks, without overlaps", () => {
    const d = autoLayout(def, { direction: "TB" });
    expect(pos(d, "start").y).toBeLessThan(pos(d, "a").y);
    expect(pos(d, "a").y).toBeLessThan(pos(d, "b").y);
    expect(pos(d, "b").y).toBe(pos(d, "c").y);
    expect(pos(d, "c").y).toBeLessThan(pos(d, "d").y);
    expect(overlaps(d)).toBe(false);
    expect(d.edges).toBe(def.edges);
  });

  it("lays out left to right", () => {
    const d = autoLayout(def, { direction: "LR" });
    expect(pos(d, "start").x).toBeLessThan(pos(d, "a").x);
    expect(pos(d, "b").x).toBe(pos(d, "c").x);
    expect(pos(d, "b").y).not.toBe(pos(d, "c").y);
  });

  it("lays out only a selection and anchors it where it was", () => {
    const spread: WorkflowDefinition = {
      ...def,
      nodes: def.nodes.map((x, i) => ({ ...x, position: { x: 1000 + i, y: 500 } })),
    };
    const d = autoLayout(spread, { only: new Set(["b", "c", "d"]) });
    expect(pos(d, "start")).toEqual({ x: 1000, y: 500 });
    expect(Math.min(pos(d, "b").x, pos(d, "c").x, pos(d, "d").x)).toBe(1002);
    expect(Math.min(pos(d, "b").y, pos(d, "d").y)).toBe(500);
  });

  it("snaps to the grid", () => {
    const d = autoLayout(def, { grid: 20 });
    for (const x of d.nodes) {
      expect(x.position.x % 20).toBe(0);
      expect(x.position.y % 20).toBe(0);
    }
  });
});

describe("freeSpot", () => {
  it("keeps the wanted place when it is free", () => {
    expect(freeSpot([{ position: { x: 0, y: 0 } }], { x: 600, y: 0 })).toEqual({ x: 600, y: 0 });
  });

  it("moves down past every node it would overlap", () => {
    const nodes = [{ position: { x: 0, y: 0 } }, { position: { x: 0, y: DEFAULT_NODE_SIZE.h + 20 } }];
    const spot = freeSpot(nodes, { x: 10, y: 10 });
    expect(spot.x).toBe(10);
    expect(spot.y).toBeGreaterThanOrEqual(2 * DEFAULT_NODE_SIZE.h + 20);
    expect(freeSpot([...nodes, { position: spot }], { x: 10, y: 10 }).y).toBeGreaterThan(spot.y);
  });
});

describe("autoLayout: branches in output order, never crossing", () => {
  const conds = ["w", "x", "y", "z"].map((l) => ({ id: `c_${l}`, label: l }));
  /** start → decide with four conditions, each → t_i → u_i; edges stored in the order the user drew them. */
  const branching = (drawn: number[], extra: WorkflowDefinition["edges"] = []): WorkflowDefinition => {
    const nodes: WorkflowNode[] = [
      n("start"),
      { ...n("dec"), data: { node_type: "decide", config: { conditions: conds } } },
    ];
    const edges: WorkflowDefinition["edges"] = [e("start", "dec")];
    for (const i of drawn) {
      const c = conds[i] as { id: string; label: string };
      nodes.push(n(`t${i}`), n(`u${i}`));
      edges.push({ id: `b${i}`, source: "dec", target: `t${i}`, sourceHandle: c.id, label: c.label });
      edges.push(e(`t${i}`, `u${i}`));
    }
    return { nodes, edges: [...edges, ...extra] };
  };
  const across = (d: WorkflowDefinition, dir: "TB" | "LR") =>
    [0, 1, 2, 3].map((i) => (dir === "TB" ? pos(d, `t${i}`).x : pos(d, `t${i}`).y));
  const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || x > (xs[i - 1] as number));

  for (const dir of ["TB", "LR"] as const) {
    it(`orders a decide's branches by condition whatever order they were drawn in (${dir})`, () => {
      for (const drawn of [
        [0, 1, 2, 3],
        [3, 2, 1, 0],
        [2, 0, 3, 1],
        [1, 3, 0, 2],
      ]) {
        const d = autoLayout(branching(drawn), { direction: dir });
        expect(ascending(across(d, dir)), `${dir} ${drawn.join("")}: ${across(d, dir)}`).toBe(true);
        expect(overlaps(d)).toBe(false);
      }
    });

    it(`keeps the order when branches merge or link across (${dir})`, () => {
      const merge = branching([1, 3, 0, 2]);
      merge.nodes.push(n("end"));
      for (const i of [0, 1, 2, 3]) merge.edges.push(e(`u${i}`, "end"));
      const cross = branching([2, 0, 3, 1], [e("t3", "u0")]);
      for (const d of [merge, cross]) {
        const laid = autoLayout(d, { direction: dir });
        expect(ascending(across(laid, dir)), `${dir}: ${across(laid, dir)}`).toBe(true);
        expect(overlaps(laid)).toBe(false);
      }
    });
  }
});

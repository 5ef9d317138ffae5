import { describe, expect, it } from "vitest";
import {
  CLIPBOARD_TYPE,
  copySelection,
  cutSelection,
  PASTE_OFFSET,
  parseClipboard,
  pasteClipboard,
  serializeClipboard,
} from "./clipboard";
import type { WorkflowDefinition, WorkflowNode } from "./definition";

const n = (id: string, node_type: WorkflowNode["data"]["node_type"], x = 0, y = 0): WorkflowNode => ({
  id,
  type: "flow-node",
  position: { x, y },
  data: { node_type, config: node_type === "send_text" ? { message: id } : {} },
});
const def = (): WorkflowDefinition => ({
  nodes: [
    n("start", "start"),
    n("a", "send_text", 0, 100),
    n("b", "send_text", 0, 200),
    n("c", "handoff", 0, 300),
  ],
  edges: [
    { id: "e1", source: "start", target: "a", label: "next" },
    { id: "e2", source: "a", target: "b", label: "next" },
    { id: "e3", source: "b", target: "c", label: "next" },
  ],
});

describe("copySelection", () => {
  it("never copies start and keeps only edges between copied nodes", () => {
    const p = copySelection(def(), ["start", "a", "b"]);
    expect(p?.nodes.map((x) => x.id)).toEqual(["a", "b"]);
    expect(p?.edges.map((x) => x.id)).toEqual(["e2"]);
    expect(p?.type).toBe(CLIPBOARD_TYPE);
  });

  it("returns null when only start is selected", () => {
    expect(copySelection(def(), ["start"])).toBeNull();
  });
});

describe("parseClipboard", () => {
  it("round-trips through text", () => {
    const p = copySelection(def(), ["a", "b"]);
    expect(parseClipboard(serializeClipboard(p as NonNullable<typeof p>))).toEqual(p);
  });

  it("ignores foreign text harmlessly", () => {
    for (const text of [
      "",
      "hello",
      "{",
      '{"nodes":[]}',
      "[1,2]",
      JSON.stringify({ type: "other", nodes: [] }),
    ]) {
      expect(parseClipboard(text)).toBeNull();
    }
    // Right marker, malformed node: rejected, not half-pasted.
    const bad = JSON.stringify({ type: CLIPBOARD_TYPE, version: 1, nodes: [{ id: "x y" }], edges: [] });
    expect(parseClipboard(bad)).toBeNull();
  });

  it("strips a start node and dangling edges from a hand-edited payload", () => {
    const text = JSON.stringify({
      type: CLIPBOARD_TYPE,
      version: 1,
      nodes: [n("start", "start"), n("a", "send_text")],
      edges: [{ id: "e", source: "start", target: "a", label: "next" }],
    });
    const p = parseClipboard(text);
    expect(p?.nodes.map((x) => x.id)).toEqual(["a"]);
    expect(p?.edges).toEqual([]);
  });
});

describe("pasteClipboard", () => {
  it("adds copies with new ids, offset, with their internal edges", () => {
    const d = def();
    const p = copySelection(d, ["a", "b"]) as NonNullable<ReturnType<typeof copySelection>>;
    const { definition, pastedIds } = pasteClipboard(d, p, { now: 1700000000000 });
    expect(pastedIds).toEqual(["send_text_1700000000000", "send_text_1700000000001"]);
    expect(definition.nodes).toHaveLength(6);
    expect(definition.edges).toHaveLength(4);
    const pasted = definition.nodes.slice(4);
    expect(pasted.map((x) => x.position)).toEqual([
      { x: PASTE_OFFSET, y: 100 + PASTE_OFFSET },
      { x: PASTE_OFFSET, y: 200 + PASTE_OFFSET },
    ]);
    const edge = definition.edges[3];
    expect([edge?.source, edge?.target]).toEqual(pastedIds);
    expect(pasted[0]?.data.config).toEqual({ message: "a" });
    // the copy is independent of the original
    expect(pasted[0]?.data.config).not.toBe(d.nodes[1]?.data.config);
  });

  it("keeps offsetting on repeated pastes", () => {
    let d = def();
    const p = copySelection(d, ["a"]) as NonNullable<ReturnType<typeof copySelection>>;
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = pasteClipboard(d, p);
      d = r.definition;
      xs.push(d.nodes.at(-1)?.position.x ?? -1);
    }
    expect(xs).toEqual([PASTE_OFFSET, 2 * PASTE_OFFSET, 3 * PASTE_OFFSET]);
    expect(new Set(d.nodes.map((x) => x.id)).size).toBe(d.nodes.length);
  });

  it("pastes at the pointer", () => {
    const d = def();
    const p = copySelection(d, ["b", "c"]) as NonNullable<ReturnType<typeof copySelection>>;
    const { definition } = pasteClipboard(d, p, { at: { x: 500, y: 700 } });
    expect(definition.nodes.slice(4).map((x) => x.position)).toEqual([
      { x: 500, y: 700 },
      { x: 500, y: 800 },
    ]);
  });

  it("pastes into another workflow", () => {
    const p = copySelection(def(), ["a", "b", "c"]) as NonNullable<ReturnType<typeof copySelection>>;
    const other: WorkflowDefinition = { nodes: [n("start", "start")], edges: [] };
    const { definition } = pasteClipboard(other, parseClipboard(serializeClipboard(p)) as typeof p);
    expect(definition.nodes).toHaveLength(4);
    expect(definition.edges).toHaveLength(2);
  });
});

describe("cutSelection", () => {
  it("copies, then removes the nodes and their edges but never start", () => {
    const { payload, definition } = cutSelection(def(), ["start", "b"]);
    expect(payload?.nodes.map((x) => x.id)).toEqual(["b"]);
    expect(definition.nodes.map((x) => x.id)).toEqual(["start", "a", "c"]);
    expect(definition.edges.map((x) => x.id)).toEqual(["e1"]);
  });
});

describe("paste into free space", () => {
  it("never drops nodes from another workflow on top of the steps already there", () => {
    const p = copySelection(def(), ["a", "b", "c"]) as NonNullable<ReturnType<typeof copySelection>>;
    // The other workflow has its own steps exactly where the copied ones were.
    const other: WorkflowDefinition = {
      nodes: [n("start", "start"), n("x", "send_text", 0, 100), n("y", "send_text", 0, 260)],
      edges: [],
    };
    const { definition, pastedIds } = pasteClipboard(other, p);
    const pasted = definition.nodes.filter((x) => pastedIds.includes(x.id));
    const overlaps = (a: WorkflowNode, b: WorkflowNode) =>
      Math.abs(a.position.x - b.position.x) < 260 && Math.abs(a.position.y - b.position.y) < 96;
    for (const q of pasted)
      for (const o of other.nodes) expect(overlaps(q, o), `${q.id} on ${o.id}`).toBe(false);
    // Their own layout is kept: same spacing as in the source.
    expect(pasted.map((x) => x.position.y - (pasted[0]?.position.y ?? 0))).toEqual([0, 100, 200]);
  });

  it("keeps the copied positions when that part of the canvas is free", () => {
    const p = copySelection(def(), ["a"]) as NonNullable<ReturnType<typeof copySelection>>;
    const other: WorkflowDefinition = { nodes: [n("start", "start", 1000, 1000)], edges: [] };
    const { definition } = pasteClipboard(other, p);
    expect(definition.nodes.at(-1)?.position).toEqual({ x: 0, y: 100 });
  });
});

describe("paste: duplicate or another workflow", () => {
  it("tells them apart by workflow id even when node ids match (a duplicated workflow)", () => {
    const p = copySelection(def(), ["a"], "wf_source") as NonNullable<ReturnType<typeof copySelection>>;
    expect(parseClipboard(serializeClipboard(p))?.workflowId).toBe("wf_source");
    // Same workflow: cascades over the original.
    const here = pasteClipboard(def(), p, { workflowId: "wf_source" }).definition.nodes.at(-1);
    expect(here?.position).toEqual({ x: PASTE_OFFSET, y: 100 + PASTE_OFFSET });
    // A copy of that workflow has a node "a" at the same spot: the paste goes below, not onto it.
    const there = pasteClipboard(def(), p, { workflowId: "wf_copy" }).definition.nodes.at(-1);
    expect(there?.position.x).toBe(0);
    expect(there?.position.y).toBeGreaterThanOrEqual(300 + 96);
  });
});

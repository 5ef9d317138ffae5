import { describe, expect, it } from "vitest";
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "./definition";
import { promotionDiff } from "./promotion";

const node = (id: string, nodeType: WorkflowNode["data"]["node_type"], config = {}, x = 0): WorkflowNode => ({
  id,
  type: "flow-node",
  position: { x, y: 0 },
  data: { node_type: nodeType, display_name: id.toUpperCase(), config },
});
const edge = (id: string, source: string, target: string, label = "next"): WorkflowEdge => ({
  id,
  source,
  target,
  label,
});
const def = (nodes: WorkflowNode[], edges: WorkflowEdge[] = []): WorkflowDefinition => ({ nodes, edges });

describe("promotionDiff", () => {
  const base = def(
    [node("start", "start"), node("greet", "send_text", { message: "Hi" }), node("bye", "handoff")],
    [edge("e1", "start", "greet"), edge("e2", "greet", "bye")],
  );

  it("reports nothing for the same graph, even with other edge ids and key order", () => {
    const same = def(
      [node("start", "start"), { ...node("greet", "send_text", { message: "Hi" }) }, node("bye", "handoff")],
      [edge("x1", "start", "greet"), edge("x2", "greet", "bye")],
    );
    const d = promotionDiff(same, base);
    expect(d.identical).toBe(true);
    expect(d.nodes).toEqual({ added: [], removed: [], changed: [], moved: 0 });
    expect(d.edges).toEqual({ added: [], removed: [] });
  });

  it("lists added, removed and changed nodes, and edges added and removed", () => {
    const from = def(
      [
        node("start", "start"),
        node("greet", "send_text", { message: "Hello there" }),
        node("ask", "wait_for_response"),
      ],
      [edge("e1", "start", "greet"), edge("e3", "greet", "ask")],
    );
    const d = promotionDiff(from, base);
    expect(d.identical).toBe(false);
    expect(d.nodes.added.map((n) => n.id)).toEqual(["ask"]);
    expect(d.nodes.added[0]).toEqual({ id: "ask", nodeType: "wait_for_response", displayName: "ASK" });
    expect(d.nodes.removed.map((n) => n.id)).toEqual(["bye"]);
    expect(d.nodes.changed.map((n) => n.id)).toEqual(["greet"]);
    expect(d.edges.added).toEqual([{ source: "greet", target: "ask", label: "next" }]);
    expect(d.edges.removed).toEqual([{ source: "greet", target: "bye", label: "next" }]);
  });

  it("counts a move apart from a change, and a relabelled edge as removed plus added", () => {
    const from = def(
      [node("start", "start"), node("greet", "send_text", { message: "Hi" }, 300), node("bye", "handoff")],
      [edge("e1", "start", "greet"), edge("e2", "greet", "bye", "other")],
    );
    const d = promotionDiff(from, base);
    expect(d.nodes.changed).toEqual([]);
    expect(d.nodes.moved).toBe(1);
    expect(d.edges.added).toEqual([{ source: "greet", target: "bye", label: "other" }]);
    expect(d.edges.removed).toEqual([{ source: "greet", target: "bye", label: "next" }]);
  });

  it("treats a change of node type or display name as a change", () => {
    const renamed = def([node("start", "start"), { ...node("greet", "send_text", { message: "Hi" }) }]);
    renamed.nodes[1]!.data.display_name = "Welcome";
    const retyped = def([node("start", "start"), node("greet", "agent", { message: "Hi" })]);
    const target = def([node("start", "start"), node("greet", "send_text", { message: "Hi" })]);
    expect(promotionDiff(renamed, target).nodes.changed.map((n) => n.id)).toEqual(["greet"]);
    expect(promotionDiff(retyped, target).nodes.changed.map((n) => n.id)).toEqual(["greet"]);
  });

  it("goes the right way round: promoting onto an empty target adds everything", () => {
    const empty = def([]);
    const d = promotionDiff(base, empty);
    expect(d.nodes.added).toHaveLength(3);
    expect(d.nodes.removed).toHaveLength(0);
    expect(d.edges.added).toHaveLength(2);
    const back = promotionDiff(empty, base);
    expect(back.nodes.removed).toHaveLength(3);
    expect(back.edges.removed).toHaveLength(2);
  });
});

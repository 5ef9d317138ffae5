import { describe, expect, it } from "vitest";
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from "./definition";
import { stronglyConnected, validateWorkflow } from "./validate";

const n = (
  id: string,
  node_type: WorkflowNode["data"]["node_type"],
  config: Record<string, unknown> = {},
): WorkflowNode => ({
  id,
  type: "flow-node",
  position: { x: 0, y: 0 },
  data: { node_type, config },
});
const e = (source: string, target: string, sourceHandle?: string, label = "next"): WorkflowEdge => ({
  id: `${source}-${target}-${sourceHandle ?? ""}`,
  source,
  target,
  sourceHandle,
  label,
});
const text = (id: string) => n(id, "send_text", { message: "hi" });
const codes = (def: WorkflowDefinition, ctx = {}) =>
  validateWorkflow(def, ctx).map((p) => `${p.nodeId ?? "-"}:${p.code}`);

describe("validateWorkflow", () => {
  it("accepts a small valid flow", () => {
    const def = {
      nodes: [n("start", "start"), text("a"), n("h", "handoff")],
      edges: [e("start", "a"), e("a", "h")],
    };
    expect(validateWorkflow(def)).toEqual([]);
  });

  it("requires exactly one start", () => {
    expect(codes({ nodes: [text("a")], edges: [] })).toContain("-:no_start");
    expect(
      codes({ nodes: [n("start", "start"), n("s2", "start"), text("a")], edges: [e("start", "a")] }),
    ).toContain("s2:multiple_starts");
  });

  it("flags unreachable nodes and an unconnected start", () => {
    expect(codes({ nodes: [n("start", "start"), text("a")], edges: [] })).toEqual([
      "start:start_unconnected",
      "a:unreachable",
    ]);
  });

  it("names missing config fields", () => {
    const p = validateWorkflow({
      nodes: [n("start", "start"), n("a", "send_text")],
      edges: [e("start", "a")],
    });
    expect(p).toEqual([
      {
        nodeId: "a",
        field: "message",
        severity: "error",
        code: "invalid_config",
        message: "Message is required",
      },
    ]);
  });

  it("warns about unconnected branches but not a final next", () => {
    const decide = n("d", "decide", {
      conditions: [
        { id: "y", label: "yes" },
        { id: "no", label: "no" },
      ],
    });
    const p = validateWorkflow({
      nodes: [n("start", "start"), decide, text("a")],
      edges: [e("start", "d"), e("d", "a", "y", "yes")],
    });
    expect(p.map((x) => [x.code, x.message])).toEqual([
      ["unconnected_output", 'Output "no" is not connected'],
    ]);
  });

  it("enforces connection rules", () => {
    const def = {
      nodes: [n("start", "start"), text("a"), text("b")],
      edges: [
        e("start", "a"),
        { ...e("a", "b"), id: "x1" },
        { ...e("a", "start"), id: "x2" },
        { ...e("a", "b"), id: "x3" },
      ],
    };
    expect(codes(def)).toEqual(expect.arrayContaining(["a:edge_into_start", "a:duplicate_output"]));
    expect(
      codes({ nodes: [n("start", "start"), text("a")], edges: [e("start", "a"), e("a", "a")] }),
    ).toContain("a:self_loop");
  });

  it("flags edges from outputs that were removed", () => {
    const decide = n("d", "decide", { conditions: [{ id: "y", label: "yes" }] });
    expect(
      codes({
        nodes: [n("start", "start"), decide, text("a")],
        edges: [e("start", "d"), e("d", "a", "gone")],
      }),
    ).toContain("d:stale_edge");
  });

  it("rejects loops that never wait, accepts loops through a wait", () => {
    const loop = {
      nodes: [n("start", "start"), text("a"), text("b")],
      edges: [e("start", "a"), e("a", "b"), e("b", "a")],
    };
    expect(codes(loop).filter((c) => c.endsWith("cycle_without_wait"))).toEqual([
      "a:cycle_without_wait",
      "b:cycle_without_wait",
    ]);
    const waiting = {
      nodes: [n("start", "start"), text("a"), n("w", "wait_for_response")],
      edges: [e("start", "a"), e("a", "w"), e("w", "a", "response", "response")],
    };
    expect(codes(waiting)).toEqual([]);
  });

  it("checks templates exist and are approved", () => {
    const t = (id: string, template_id: string) =>
      n(id, "send_template", { phone_number_id: "p", template_id });
    const def = {
      nodes: [n("start", "start"), t("a", "t1"), t("b", "t2"), t("c", "t3")],
      edges: [e("start", "a"), e("a", "b"), e("b", "c")],
    };
    const templates = new Map([
      ["t1", { name: "welcome", status: "APPROVED" }],
      ["t2", { name: "promo", status: "REJECTED" }],
    ]);
    const p = validateWorkflow(def, { templates });
    expect(p.map((x) => `${x.nodeId}:${x.code}`)).toEqual(["b:template_not_approved", "c:template_missing"]);
    expect(p[0]?.message).toBe("Template promo is rejected, not approved");
  });

  it("refuses a send step on a number that is not the project's", () => {
    const def = {
      nodes: [
        n("start", "start"),
        n("a", "send_text", { phone_number_id: "mine", message: "hi" }),
        n("b", "send_text", { phone_number_id: "someone-elses", message: "hi" }),
      ],
      edges: [e("start", "a"), e("a", "b")],
    };
    const p = validateWorkflow(def, { numbers: new Set(["mine"]) });
    expect(p.filter((x) => x.code === "number_missing").map((x) => x.nodeId)).toEqual(["b"]);
  });

  it("limits sub-workflow call depth to 10 and catches recursion", () => {
    const call = (target: string) => n("c", "call", { workflow_id: target });
    const def = (target: string) => ({
      nodes: [n("start", "start"), call(target)],
      edges: [e("start", "c")],
    });
    // w1 → w2 → … → w10 (a chain of 9 more calls): calling w1 nests 10 deep, fine; w0 → w1 nests 11.
    const calls = new Map<string, string[]>();
    for (let i = 1; i <= 10; i++) calls.set(`w${i}`, i < 10 ? [`w${i + 1}`] : []);
    expect(codes(def("w1"), { workflowCalls: calls, workflowId: "self" })).toEqual([]);
    calls.set("w0", ["w1"]);
    expect(codes(def("w0"), { workflowCalls: calls, workflowId: "self" })).toEqual(["c:call_depth"]);
    // self → a → self: recursion, whatever the stored version of self says
    calls.set("a", ["self"]);
    calls.set("self", []);
    const p = validateWorkflow(def("a"), { workflowCalls: calls, workflowId: "self" });
    expect(p[0]?.message).toMatch(/recurses/);
    expect(codes(def("nope"), { workflowCalls: calls, workflowId: "self" })).toEqual(["c:call_missing"]);
  });
});

describe("stronglyConnected", () => {
  it("finds cycles in a long chain without overflowing", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `n${i}`);
    const out = new Map(ids.map((id, i) => [id, i + 1 < ids.length ? [`n${i + 1}`] : ["n0"]]));
    expect(stronglyConnected(ids, out)[0]?.length).toBe(50_000);
  });
});

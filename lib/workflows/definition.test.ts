import { describe, expect, it } from "vitest";
import {
  edgeHandleId,
  emptyDefinition,
  outputHandles,
  type WorkflowNode,
  workflowDefinitionSchema,
} from "./definition";
import { nodeConfigSchemas } from "./node-configs";

const node = (
  node_type: WorkflowNode["data"]["node_type"],
  config: Record<string, unknown> = {},
): WorkflowNode => ({
  id: `${node_type}_1`,
  type: "flow-node",
  position: { x: 0, y: 0 },
  data: { node_type, config },
});

describe("workflowDefinitionSchema", () => {
  it("accepts an empty workflow and incomplete drafts", () => {
    const def = emptyDefinition();
    def.nodes.push(node("send_text", { message: "" }));
    expect(workflowDefinitionSchema.safeParse(def).success).toBe(true);
  });

  it("defaults node_type to start and edge label to next (Kapso shape)", () => {
    const parsed = workflowDefinitionSchema.parse({
      nodes: [{ id: "start", position: { x: 0, y: 0 }, data: {} }, node("handoff")],
      edges: [{ id: "e1", source: "start", target: "handoff_1" }],
    });
    expect(parsed.nodes[0]?.data.node_type).toBe("start");
    expect(parsed.edges[0]?.label).toBe("next");
  });

  it("rejects duplicate ids, dangling edges and unknown node types", () => {
    const bad = workflowDefinitionSchema.safeParse({
      nodes: [node("handoff"), node("handoff")],
      edges: [{ id: "e1", source: "handoff_1", target: "nope", label: "next" }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toContain("duplicate node id handoff_1");
    expect(messages).toContain("unknown node nope");
    expect(
      workflowDefinitionSchema.safeParse({ nodes: [node("teleport" as never)], edges: [] }).success,
    ).toBe(false);
  });
});

describe("nodeConfigSchemas", () => {
  it("enforces WhatsApp limits on interactive buttons", () => {
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `t${i}` }));
    const r = nodeConfigSchemas.send_interactive.safeParse({
      interactive_type: "button",
      body_text: "hi",
      buttons: four,
    });
    expect(r.success).toBe(false);
    const long = nodeConfigSchemas.send_interactive.safeParse({
      interactive_type: "button",
      body_text: "hi",
      buttons: [{ id: "a", title: "x".repeat(21) }],
    });
    expect(long.error?.issues[0]?.message).toMatch(/Button title can be at most 20/);
  });

  it("bounds the wait timeout to 10 s – 7 days", () => {
    const s = nodeConfigSchemas.wait_for_response;
    expect(s.safeParse({ has_timeout: true, timeout_seconds: 9 }).success).toBe(false);
    expect(s.safeParse({ has_timeout: true, timeout_seconds: 604_801 }).success).toBe(false);
    expect(s.safeParse({ has_timeout: true, timeout_seconds: 60 }).success).toBe(true);
    expect(s.safeParse({ has_timeout: true }).error?.issues[0]?.message).toBe("Timeout is required");
  });

  it("names the missing field", () => {
    expect(nodeConfigSchemas.send_text.safeParse({}).error?.issues[0]?.message).toBe("Message is required");
    expect(nodeConfigSchemas.send_text.safeParse({ message: "  " }).error?.issues[0]?.message).toBe(
      "Message is required",
    );
  });

  it("keeps unknown fields such as ai_field_config", () => {
    const r = nodeConfigSchemas.send_text.parse({
      message: "x",
      ai_field_config: { message: { mode: "prompt" } },
    });
    expect(r.ai_field_config).toBeDefined();
  });
});

describe("outputHandles", () => {
  it("lists outputs in fixed semantic order", () => {
    expect(outputHandles(node("send_text"))).toEqual([{ id: "next", label: "next" }]);
    expect(outputHandles(node("handoff"))).toEqual([]);
    expect(
      outputHandles(
        node("decide", {
          conditions: [{ id: "c2", label: "b" }, { label: "a" }],
        }),
      ),
    ).toEqual([
      { id: "c2", label: "b" },
      { id: "a", label: "a" },
    ]);
    expect(outputHandles(node("wait_for_response", { has_timeout: true })).map((h) => h.id)).toEqual([
      "response",
      "timeout",
    ]);
    expect(outputHandles(node("wait_for_response")).map((h) => h.id)).toEqual(["response"]);
    expect(
      outputHandles(
        node("send_interactive", {
          interactive_type: "list",
          list_sections: [{ rows: [{ id: "r1", title: "One" }] }, { rows: [{ id: "r2", title: "Two" }] }],
        }),
      ).map((h) => h.id),
    ).toEqual(["r1", "r2"]);
  });

  it("matches label-only edges to their handle", () => {
    const handles = [
      { id: "c1", label: "yes" },
      { id: "c2", label: "no" },
    ];
    expect(edgeHandleId({ label: "no" }, handles)).toBe("c2");
    expect(edgeHandleId({ label: "next", sourceHandle: "c1" }, handles)).toBe("c1");
  });
});

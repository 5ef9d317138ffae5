import { describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/errors";
import {
  createTriggerBody,
  createWorkflowBody,
  updateTriggerBody,
  updateWorkflowBody,
} from "./platform-schema";

const node = (id: string, node_type: string, config = {}) => ({
  id,
  type: "flow-node",
  position: { x: 0, y: 0 },
  data: { node_type, config },
});

const errorsOf = (r: { success: boolean; error?: unknown }) =>
  r.success ? {} : fieldErrors(r.error as Parameters<typeof fieldErrors>[0]);

describe("Platform API bodies", () => {
  it("accepts the workflow, flow and bare envelopes alike", () => {
    for (const body of [{ workflow: { name: "A" } }, { flow: { name: "A" } }, { name: "A" }]) {
      expect(createWorkflowBody.parse(body)).toMatchObject({ name: "A", description: "" });
    }
  });

  it("reports errors at the path the client sent, envelope included", () => {
    expect(Object.keys(errorsOf(createWorkflowBody.safeParse({ flow: { name: "" } })))).toEqual([
      "flow.name",
    ]);
    expect(Object.keys(errorsOf(createWorkflowBody.safeParse({ name: 5 })))).toEqual(["name"]);
  });

  it("fills in missing edge ids without clashing with given ones", () => {
    const parsed = createWorkflowBody.parse({
      name: "A",
      definition: {
        nodes: [node("start", "start"), node("a", "send_text"), node("b", "handoff")],
        edges: [
          { source: "start", target: "a" },
          { id: "edge_1", source: "a", target: "b" },
        ],
      },
    });
    expect(parsed.definition?.edges.map((e) => e.id)).toEqual(["edge_2", "edge_1"]);
    expect(parsed.definition?.edges[0]?.label).toBe("next");
  });

  it("maps statuses, paused included, and refuses others", () => {
    expect(updateWorkflowBody.parse({ status: "active" }).status).toBe("ACTIVE");
    expect(updateWorkflowBody.parse({ status: "paused" }).status).toBe("DRAFT");
    expect(Object.keys(errorsOf(updateWorkflowBody.safeParse({ status: "running" })))).toEqual(["status"]);
    expect(updateWorkflowBody.safeParse({}).success).toBe(false);
  });

  it("lets a trigger PATCH change active and nothing else, naming each extra field", () => {
    expect(updateTriggerBody.parse({ active: false })).toEqual({ active: false });
    expect(updateTriggerBody.parse({ trigger: { active: true } })).toEqual({ active: true });
    const r = updateTriggerBody.safeParse({ active: true, event: "x", phone_number_id: "1" });
    expect(Object.keys(errorsOf(r)).sort()).toEqual(["event", "phone_number_id"]);
  });

  it("requires what each trigger type needs", () => {
    expect(createTriggerBody.parse({ trigger_type: "api_call" })).toEqual({
      trigger_type: "api_call",
      active: true,
    });
    expect(Object.keys(errorsOf(createTriggerBody.safeParse({ trigger_type: "inbound_message" })))).toEqual([
      "phone_number_id",
    ]);
    expect(Object.keys(errorsOf(createTriggerBody.safeParse({ trigger_type: "whatsapp_event" })))).toEqual([
      "event",
    ]);
    expect(
      createTriggerBody.parse({
        trigger: { trigger_type: "whatsapp_event", event: "whatsapp.message.read" },
      }),
    ).toMatchObject({ event: "whatsapp.message.read", active: true });
  });
});

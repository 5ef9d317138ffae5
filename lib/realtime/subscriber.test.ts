import { describe, expect, it } from "vitest";
import type { EventRow } from "@/lib/events/subscribers";
import { rooms } from "./events";
import { plan } from "./subscriber";

// The events that carry no inbox rows map to targeted invalidations: only the affected query keys.

let id = 0n;
const ev = (type: string, payload: Record<string, string> = {}): EventRow =>
  ({ id: ++id, projectId: "p1", type, payload, createdAt: new Date() }) as EventRow;
const empty = () => new Map();
const numbers = new Map([["p1", ["n1", "n2"]]]);

describe("realtime plan for events without inbox rows", () => {
  it("invalidates templates (operators and the project's embeds) on a template change", () => {
    const out = plan(
      [ev("whatsapp.template.updated", { templateId: "t" })],
      empty(),
      empty(),
      empty(),
      numbers,
    );
    const e = { event: "inbox.invalidate", payload: { projectId: "p1", parts: ["templates"] } };
    expect(out.get(rooms.project("p1"))).toEqual([e]);
    expect(out.get(rooms.number("n1"))).toEqual([e]);
    expect(out.get(rooms.number("n2"))).toEqual([e]);
  });

  it("invalidates numbers and lists on a number change", () => {
    const out = plan(
      [ev("whatsapp.phone_number.updated", { phoneNumberId: "n1" })],
      empty(),
      empty(),
      empty(),
      numbers,
    );
    expect(out.get(rooms.project("p1"))).toEqual([
      { event: "inbox.invalidate", payload: { projectId: "p1", parts: ["numbers", "lists"] } },
    ]);
  });

  it("sends member and workflow changes to operators only, as the affected query keys", () => {
    const out = plan(
      [ev("member.added", { userId: "u1" }), ev("workflow.saved", { workflowId: "w1" })],
      empty(),
      empty(),
      empty(),
      numbers,
    );
    expect([...out.keys()]).toEqual([rooms.project("p1")]);
    expect(out.get(rooms.project("p1"))).toEqual([
      { event: "inbox.invalidate", payload: { projectId: "p1", parts: ["assignees"] } },
      { event: "query.invalidate", payload: { projectId: "p1", keys: [["members", "p1"]] } },
      {
        event: "query.invalidate",
        payload: {
          projectId: "p1",
          keys: [
            ["workflows", "p1", "list"],
            ["workflows", "p1", "detail", "w1"],
            ["workflows", "p1", "versions", "w1"],
            ["workflows", "p1", "triggers", "w1"],
          ],
        },
      },
    ]);
  });

  it("publishes nothing for an event whose rows are gone or belong to another project", () => {
    const events = [
      ev("whatsapp.message.received", { conversationId: "c1", messageId: "m1" }),
      ev("conversation.assigned", { conversationId: "c1" }),
    ];
    expect(plan(events, empty(), empty(), empty(), numbers).size).toBe(0);
    // Rows of project p2 named by an event of p1 (a forged or mistaken id) are never published.
    const row = {
      id: "c1",
      projectId: "p2",
      phoneNumberId: "n9",
      assigneeId: null,
      status: "ACTIVE",
      unreadCount: 1,
      lastMessageAt: new Date(),
      lastInboundAt: new Date(),
      contact: { profileName: "Ana", displayName: null, waId: "1555", bsuid: null },
      phoneNumber: { displayPhoneNumber: "+1 555" },
      assignee: null,
      messages: [],
      workflowExecutions: [],
    };
    const message = { id: "m1", projectId: "p2", conversationId: "c1" };
    const out = plan(
      events,
      new Map([["c1", row]]) as Parameters<typeof plan>[1],
      empty(),
      new Map([["m1", message]]) as Parameters<typeof plan>[3],
      numbers,
    );
    expect(out.size).toBe(0);
  });

  it("an execution's status change updates the conversation's row and refetches the thread's banner", () => {
    const row = {
      id: "c1",
      projectId: "p1",
      phoneNumberId: "n1",
      assigneeId: null,
      status: "ACTIVE",
      unreadCount: 0,
      lastMessageAt: new Date(),
      lastInboundAt: new Date(),
      contact: { profileName: "Ana", displayName: null, waId: "1555", bsuid: null },
      phoneNumber: { displayPhoneNumber: "+1 555" },
      assignee: null,
      messages: [],
      workflowExecutions: [],
    };
    const out = plan(
      [ev("workflow.execution.waiting", { workflowId: "w1", executionId: "x1", conversationId: "c1" })],
      new Map([["c1", row]]) as Parameters<typeof plan>[1],
      empty(),
      empty(),
      numbers,
    );
    const team = out.get(rooms.project("p1")) ?? [];
    expect(team.map((e) => e.event)).toEqual(["conversation.updated", "query.invalidate"]);
    expect(team[1]?.payload).toEqual({ projectId: "p1", keys: [["executions", "p1", "conversation", "c1"]] });
    // Embeds get the row, never the operators' query keys.
    expect(out.get(rooms.number("n1"))?.map((e) => e.event)).toEqual(["conversation.updated"]);
  });
});

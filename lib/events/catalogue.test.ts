import { describe, expect, it } from "vitest";
import { DOMAIN_EVENT_TYPES, EventPayloadError, isDomainEventType, parseEventPayload } from "./catalogue";

describe("event catalogue", () => {
  it("has Kapso's webhook events and the internal ones the spines need", () => {
    for (const t of [
      "whatsapp.message.received",
      "whatsapp.message.sent",
      "whatsapp.message.delivered",
      "whatsapp.message.read",
      "whatsapp.message.failed",
      "whatsapp.conversation.created",
      "whatsapp.conversation.ended",
      "whatsapp.conversation.inactive",
      "whatsapp.phone_number.created",
      "whatsapp.phone_number.deleted",
      "whatsapp.template.updated",
      "workflow.execution.started",
      "workflow.execution.ended",
      "workflow.execution.failed",
      "workflow.execution.handoff",
      "member.added",
      "member.updated",
      "member.removed",
      "embed.created",
      "embed.updated",
      "embed.revoked",
      "workflow.saved",
      "workflow.activated",
      "workflow.deactivated",
    ])
      expect(DOMAIN_EVENT_TYPES).toContain(t);
    expect(isDomainEventType("whatsapp.message.exploded")).toBe(false);
  });

  it("accepts a payload with its fields, and extra fields a producer adds", () => {
    const p = parseEventPayload("whatsapp.message.received", {
      messageId: "m1",
      conversationId: "c1",
      phoneNumberId: "n1",
      wamid: "wamid.X",
      extra: 1,
    });
    expect(p).toMatchObject({ messageId: "m1", extra: 1 });
  });

  it("names each missing or malformed field", () => {
    expect(() => parseEventPayload("whatsapp.message.sent", { conversationId: "c1" })).toThrow(
      /messageId.*phoneNumberId|phoneNumberId.*messageId/,
    );
    expect(() => parseEventPayload("member.updated", { userId: "u", role: "KING" })).toThrow(/role/);
    expect(() => parseEventPayload("nope" as never, {})).toThrow(EventPayloadError);
  });
});

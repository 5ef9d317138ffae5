import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { customerContact, envelope, inbound, messagesChange, newWamid, status } from "@/lib/sandbox/payloads";
import { post, registerWebhookHarness, send, setup, type TestNumber } from "@/lib/testing/webhook-harness";

registerWebhookHarness();

/** An outbound message waiting for its statuses, as the send path leaves it. */
async function outbound(n: TestNumber, wamid = newWamid()) {
  const contact = await db().contact.create({ data: { projectId: n.projectId, waId: "15550009999" } });
  const conv = await db().conversation.create({
    data: { projectId: n.projectId, phoneNumberId: n.id, contactId: contact.id },
  });
  const msg = await db().message.create({
    data: {
      projectId: n.projectId,
      conversationId: conv.id,
      phoneNumberId: n.id,
      wamid,
      direction: "OUTBOUND",
      type: "text",
      content: { text: { body: "hi" } },
      status: "PENDING",
      origin: "OPERATOR",
    },
  });
  return { wamid, id: msg.id };
}

describe("statuses", () => {
  it("never regresses: a late delivered after read stays in history only", async () => {
    const n = await setup();
    const m = await outbound(n);
    await send(n, { statuses: [status(m.wamid, "sent", "15550009999", { timestamp: "100" })] });
    await send(n, { statuses: [status(m.wamid, "read", "15550009999", { timestamp: "300" })] });
    await send(n, {
      statuses: [
        status(m.wamid, "delivered", "15550009999", {
          timestamp: "200",
          pricing: { billable: true, pricing_model: "PMP", category: "service" },
        }),
      ],
    });
    await send(n, { statuses: [status(m.wamid, "delivered", "15550009999", { timestamp: "200" })] });
    const row = await db().message.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.status).toBe("READ");
    expect((row.statusHistory as { status: string }[]).map((h) => h.status)).toEqual([
      "SENT",
      "DELIVERED",
      "READ",
    ]);
  });

  it("records failures with Meta's error", async () => {
    const n = await setup();
    const m = await outbound(n);
    const error = {
      code: 131047,
      title: "Re-engagement message",
      message: "Re-engagement message",
      error_data: { details: "Message failed to send because more than 24 hours have passed" },
    };
    await send(n, { statuses: [status(m.wamid, "failed", "15550009999", { errors: [error] })] });
    const row = await db().message.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.status).toBe("FAILED");
    expect(row.error).toMatchObject({ code: 131047 });
  });

  it("keeps a status that arrives before its message and applies it when the message is stored", async () => {
    const n = await setup();
    const wamid = newWamid();
    await send(n, { statuses: [status(wamid, "delivered", "15550009999")] });
    expect(await db().messageStatusBacklog.count({ where: { wamid } })).toBe(1);
    const { drainStatusBacklog } = await import("./status-mutations");
    const contact = await db().contact.create({ data: { projectId: n.projectId, waId: "15550009999" } });
    const conv = await db().conversation.create({
      data: { projectId: n.projectId, phoneNumberId: n.id, contactId: contact.id },
    });
    const msg = await db().$transaction(async (tx) => {
      const created = await tx.message.create({
        data: {
          projectId: n.projectId,
          conversationId: conv.id,
          phoneNumberId: n.id,
          wamid,
          direction: "OUTBOUND",
          type: "text",
          content: {},
          status: "SENT",
          origin: "API",
        },
      });
      await drainStatusBacklog(tx, n.projectId as never, { id: created.id, wamid, conversationId: conv.id });
      return created;
    });
    expect((await db().message.findUniqueOrThrow({ where: { id: msg.id } })).status).toBe("DELIVERED");
    expect(await db().messageStatusBacklog.count({ where: { wamid } })).toBe(0);
  });

  it("never applies a status to another project's message with the same wamid", async () => {
    const a = await setup();
    const b = await setup();
    const m = await outbound(a);
    await send(b, { statuses: [status(m.wamid, "read", "15550009999")] });
    expect((await db().message.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("PENDING");
  });
});

describe("account updates", () => {
  it("tracks template status and number quality", async () => {
    const n = await setup();
    const tpl = {
      field: "message_template_status_update",
      value: {
        event: "APPROVED",
        message_template_id: 123456,
        message_template_name: "order_update",
        message_template_language: "en_US",
        reason: "NONE",
        message_template_category: "UTILITY",
      },
    };
    const quality = {
      field: "phone_number_quality_update",
      value: {
        display_phone_number: n.displayPhoneNumber.replace(/\D/g, ""),
        event: "FLAGGED",
        current_limit: "TIER_1K",
        max_daily_conversations_per_business: "TIER_2K",
      },
    };
    expect((await post(envelope(n.wabaId, [tpl, quality]), n.appSecret)).status).toBe(200);
    const t = await db().messageTemplate.findFirstOrThrow({
      where: { projectId: n.projectId, metaTemplateId: "123456" },
    });
    expect(t).toMatchObject({
      name: "order_update",
      status: "APPROVED",
      category: "UTILITY",
      metaTemplateId: "123456",
    });
    const num = await db().phoneNumber.findUniqueOrThrow({ where: { id: n.id } });
    expect(num).toMatchObject({ messagingLimitTier: "TIER_2K", qualityRating: "RED" });
  });
});

describe("tenant boundaries of a signature", () => {
  it("refuses an envelope signed by one tenant's app secret that names another tenant's number", async () => {
    const attacker = await setup();
    const victim = await setup();
    // A new project holds its sandbox number's starter templates; the forgery must add none.
    const victimTemplates = await db().messageTemplate.count({ where: { projectId: victim.projectId } });
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: attacker.wabaId,
          changes: [
            messagesChange(attacker, {
              contacts: [customerContact("15550101", "A")],
              messages: [inbound("15550101", "text", { text: { body: "mine" } })],
            }),
          ],
        },
        {
          id: victim.wabaId,
          changes: [
            messagesChange(victim, {
              contacts: [customerContact("15550102", "V")],
              messages: [inbound("15550102", "text", { text: { body: "forged" } })],
            }),
          ],
        },
      ],
    };
    expect((await post(body, attacker.appSecret)).status).toBe(401);
    const templateForgery = envelope(victim.wabaId, [
      {
        field: "message_template_status_update",
        value: {
          event: "DISABLED",
          message_template_id: 1,
          message_template_name: "x",
          message_template_language: "en_US",
        },
      },
    ]);
    templateForgery.entry.unshift({
      id: attacker.wabaId,
      changes: [messagesChange(attacker, { messages: [] })],
    });
    expect((await post(templateForgery, attacker.appSecret)).status).toBe(401);
    expect(await db().message.count({ where: { projectId: victim.projectId } })).toBe(0);
    expect(await db().messageTemplate.count({ where: { projectId: victim.projectId } })).toBe(
      victimTemplates,
    );
  });
});

describe("status backlog race", () => {
  it("applies a parked status once its message becomes visible, even if the send's drain missed it", async () => {
    const n = await setup();
    const wamid = newWamid();
    await send(n, { statuses: [status(wamid, "read", "15550009999")] });
    const msg = await outbound(n, wamid);
    await db().messageStatusBacklog.updateMany({
      where: { wamid },
      data: { createdAt: new Date(Date.now() - 10_000) },
    });
    const { drainReadyBacklog } = await import("./status-mutations");
    expect(await drainReadyBacklog()).toBeGreaterThan(0);
    expect((await db().message.findUniqueOrThrow({ where: { id: msg.id } })).status).toBe("READ");
    expect(await db().messageStatusBacklog.count({ where: { wamid } })).toBe(0);
  });
});

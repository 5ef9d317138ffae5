import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/webhooks/whatsapp/route";
import { db } from "@/lib/db/client";
import { hashVerifyToken } from "@/lib/numbers/verify-token";
import { customerContact, envelope, inbound, messagesChange, signBody } from "@/lib/sandbox/payloads";
import { POST, post, registerWebhookHarness, send, setup } from "@/lib/testing/webhook-harness";
import { listRejections } from "@/lib/webhooks/rejections-store";

registerWebhookHarness();

describe("webhook receiver", () => {
  it("answers Meta's handshake only for a known verify token", async () => {
    const n = await setup();
    await db().phoneNumber.update({
      where: { id: n.id },
      data: { verifyTokenHash: hashVerifyToken("my-verify-token") },
    });
    const ok = await GET(
      new Request(
        "http://x/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444",
      ),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const bad = await GET(
      new Request("http://x/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"),
    );
    expect(bad.status).toBe(403);
  });

  it("refuses missing or wrong signatures and stores nothing", async () => {
    const n = await setup();
    const body = envelope(n.wabaId, [
      messagesChange(n, {
        contacts: [customerContact("15550001", "Ann")],
        messages: [inbound("15550001", "text", { text: { body: "hi" } })],
      }),
    ]);
    const before = await db().webhookEvent.count();
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, "not-the-app-secret")).status).toBe(401);
    // Signed correctly, then altered in transit.
    const text = JSON.stringify(body);
    const res = await POST(
      new Request("http://x", {
        method: "POST",
        headers: { "x-hub-signature-256": signBody(text, n.appSecret) },
        body: text.replace("hi", "hI"),
      }),
    );
    expect(res.status).toBe(401);
    expect(await db().webhookEvent.count()).toBe(before);
    expect(await db().message.count({ where: { projectId: n.projectId } })).toBe(0);
  });

  it("counts webhooks refused for a bad signature per number, for the inbound log, without their bodies", async () => {
    const n = await setup();
    const body = envelope(n.wabaId, [
      messagesChange(n, {
        contacts: [customerContact("15550002", "Bo")],
        messages: [inbound("15550002", "text", { text: { body: "signed by someone else" } })],
      }),
    ]);
    for (let i = 0; i < 3; i++) expect((await post(body, "another-app-secret")).status).toBe(401);
    // Counted in memory and written once (a refused request must not buy a write of its own).
    await expect
      .poll(
        async () => (await listRejections(n.projectId)).map((r) => [r.phone_number_id, r.reason, r.count]),
        {
          timeout: 15_000,
        },
      )
      .toEqual([[n.id, "signature_mismatch", 3]]);
    expect(await db().webhookEvent.count({ where: { projectId: n.projectId } })).toBe(0);
    // Another project sees none of it.
    expect(await listRejections((await setup()).projectId)).toEqual([]);
  }, 30_000);

  it("answers 400 to malformed JSON and 413 to bodies over 3 MB", async () => {
    const n = await setup();
    expect((await post(null, n.appSecret, "{not json")).status).toBe(400);
    const big = "x".repeat(3 * 1024 * 1024 + 10);
    const res = await POST(
      new Request("http://x", {
        method: "POST",
        headers: { "x-hub-signature-256": signBody(big, n.appSecret) },
        body: big,
      }),
    );
    expect(res.status).toBe(413);
  });

  it("answers 200 to an unknown phone_number_id without storing anything it cannot verify", async () => {
    const stranger = { phoneNumberId: "999000111", wabaId: "888000111", displayPhoneNumber: "+1 555 0000" };
    const before = await db().webhookEvent.count();
    const res = await post(
      envelope(stranger.wabaId, [
        messagesChange(stranger, { messages: [inbound("1", "text", { text: { body: "x" } })] }),
      ]),
      "whatever",
    );
    expect(res.status).toBe(200);
    expect(await db().webhookEvent.count()).toBe(before);
  });
});

describe("inbound messages", () => {
  it("stores every message type with its full Meta content, once", async () => {
    const n = await setup();
    const from = "15551230001";
    const messages = [
      inbound(from, "text", { text: { body: "Hello" } }),
      inbound(from, "image", {
        image: { id: "9001", mime_type: "image/jpeg", sha256: "abc", caption: "receipt" },
      }),
      inbound(from, "audio", {
        audio: { id: "9002", mime_type: "audio/ogg; codecs=opus", sha256: "x", voice: true },
      }),
      inbound(from, "video", { video: { id: "9003", mime_type: "video/mp4", sha256: "x" } }),
      inbound(from, "document", {
        document: { id: "9004", mime_type: "application/pdf", sha256: "x", filename: "Factura ñ.pdf" },
      }),
      inbound(from, "sticker", {
        sticker: { id: "9005", mime_type: "image/webp", sha256: "x", animated: true },
      }),
      inbound(from, "location", {
        location: { latitude: 40.4, longitude: -3.7, name: "Office", address: "Gran Vía 1" },
      }),
      inbound(from, "contacts", {
        contacts: [
          {
            name: { formatted_name: "Bo Li" },
            phones: [{ phone: "+1 555 777", wa_id: "1555777", type: "CELL" }],
          },
        ],
      }),
      inbound(from, "interactive", {
        interactive: { type: "button_reply", button_reply: { id: "yes", title: "Yes" } },
      }),
      inbound(from, "interactive", {
        interactive: { type: "list_reply", list_reply: { id: "row-2", title: "Tuesday", description: "PM" } },
      }),
      inbound(from, "interactive", {
        interactive: {
          type: "nfm_reply",
          nfm_reply: { name: "flow", body: "Sent", response_json: '{"flow_token":"t1"}' },
        },
      }),
      inbound(from, "button", {
        button: { payload: "STOP", text: "Stop promotions" },
        context: { from: "15550000", id: "wamid.template1" },
      }),
      inbound(from, "reaction", { reaction: { message_id: "wamid.out1", emoji: "👍" } }),
      inbound(from, "reaction", { reaction: { message_id: "wamid.out1" } }),
      inbound(from, "text", {
        text: { body: "about this" },
        context: { from: "15550000", id: "wamid.out1", forwarded: true },
      }),
      inbound(from, "text", {
        text: { body: "from an ad" },
        referral: {
          source_url: "https://fb.me/x",
          source_id: "ad1",
          source_type: "ad",
          headline: "Sale",
          ctwa_clid: "clid",
        },
      }),
      inbound(from, "unsupported", { errors: [{ code: 131051, title: "Message type unknown" }] }),
      inbound(from, "system", {
        // The same number (a real change moves the contact: lib/contacts/identity.integration.test.ts).
        system: { body: "User changed number", wa_id: from, type: "user_changed_number" },
      }),
    ];
    const value = { contacts: [customerContact(from, "Ana")], messages };
    expect((await send(n, value)).status).toBe(200);
    // Meta retries the same delivery: nothing is stored twice.
    expect((await send(n, value)).status).toBe(200);

    const stored = await db().message.findMany({
      where: { projectId: n.projectId },
      select: { wamid: true, type: true, content: true, replyToWamid: true, direction: true, status: true },
    });
    expect(stored).toHaveLength(messages.length);
    for (const m of messages) {
      const row = stored.find((s) => s.wamid === m.id);
      expect(row?.type).toBe(m.type);
      expect(row?.content).toEqual(m);
      expect(row?.direction).toBe("INBOUND");
    }
    expect(stored.find((s) => s.type === "button")?.replyToWamid).toBe("wamid.template1");

    const conversations = await db().conversation.findMany({ where: { projectId: n.projectId } });
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.lastInboundAt).not.toBeNull();
    // Reactions and system notices do not count as unread.
    expect(conversations[0]?.unreadCount).toBe(messages.length - 3);
    const contact = await db().contact.findFirstOrThrow({ where: { projectId: n.projectId } });
    expect(contact).toMatchObject({ waId: from, profileName: "Ana" });

    // The image was fetched through the Graph API and kept.
    const media = await db().media.findMany({ where: { projectId: n.projectId } });
    expect(media.map((m) => m.metaMediaId).sort()).toEqual(["9001", "9002", "9003", "9004", "9005"]);

    const events = await db().domainEvent.findMany({
      where: { projectId: n.projectId },
      select: { type: true },
    });
    expect(events.filter((e) => e.type === "whatsapp.message.received")).toHaveLength(messages.length);
    expect(events.filter((e) => e.type === "whatsapp.conversation.created")).toHaveLength(1);
    // The hot path wakes the dispatcher right after the commit; nothing waits for a poll.
    const last = await db().domainEvent.aggregate({ where: { projectId: n.projectId }, _max: { id: true } });
    const realtimeAt = async () =>
      (await db().eventCursor.findUnique({ where: { subscriber: "realtime" } }))?.lastId ?? 0n;
    await expect.poll(async () => (await realtimeAt()) >= (last._max.id ?? 0n), { timeout: 2000 }).toBe(true);
  });

  it("handles senders known only by a business-scoped user id, and several entries in one POST", async () => {
    const a = await setup();
    const bsuid = "US.13491208655302741918";
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: a.wabaId,
          changes: [
            messagesChange(a, {
              contacts: [customerContact(undefined, "Username only", bsuid)],
              messages: [inbound(undefined, "text", { text: { body: "hi" } }, { from_user_id: bsuid })],
            }),
          ],
        },
        {
          id: a.wabaId,
          changes: [
            messagesChange(a, {
              contacts: [customerContact("15559870000", "Bea")],
              messages: [inbound("15559870000", "text", { text: { body: "yo" } })],
            }),
          ],
        },
      ],
    };
    expect((await post(body, a.appSecret)).status).toBe(200);
    const contacts = await db().contact.findMany({
      where: { projectId: a.projectId },
      orderBy: { createdAt: "asc" },
    });
    expect(contacts.map((c) => [c.waId, c.bsuid])).toEqual(
      expect.arrayContaining([
        [null, bsuid],
        ["15559870000", null],
      ]),
    );
    expect(await db().conversation.count({ where: { projectId: a.projectId } })).toBe(2);
  });

  it("keeps concurrent first messages from one customer in a single conversation", async () => {
    const n = await setup();
    const from = "15554443333";
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        send(n, {
          contacts: [customerContact(from, "Cy")],
          messages: [inbound(from, "text", { text: { body: `m${i}` } })],
        }),
      ),
    );
    expect(await db().conversation.count({ where: { projectId: n.projectId } })).toBe(1);
    expect(await db().message.count({ where: { projectId: n.projectId } })).toBe(6);
  });
});

describe("group commit of raw events", () => {
  it("stores a burst of deliveries, and one body Postgres refuses does not fail its neighbours", async () => {
    const n = await setup();
    const good = Array.from({ length: 8 }, (_, i) =>
      envelope(n.wabaId, [
        messagesChange(n, {
          contacts: [customerContact(`1555020${i}`, "G")],
          messages: [inbound(`1555020${i}`, "text", { text: { body: `good ${i}` } })],
        }),
      ]),
    );
    // Valid JSON, but jsonb cannot hold a NUL character.
    const poison = JSON.stringify(
      envelope(n.wabaId, [
        messagesChange(n, { messages: [inbound("15550299", "text", { text: { body: "bad \u0000" } })] }),
      ]),
    );
    const results = await Promise.all([
      ...good.map((b) => post(b, n.appSecret)),
      post(null, n.appSecret, poison),
    ]);
    expect(results.slice(0, 8).map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(results[8]?.status).toBe(400);
    expect(await db().message.count({ where: { projectId: n.projectId } })).toBe(8);
  });
});

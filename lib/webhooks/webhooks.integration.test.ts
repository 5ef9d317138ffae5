// Outbound webhooks against a real local HTTP receiver: signatures, headers, payloads, retries on the
// configured schedule, conversation order, the egress guard, redelivery.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
process.env.WEBHOOK_RETRY_DELAYS_SECONDS = "1,2,3";

import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ProjectContext } from "@/lib/auth/project-id";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { webhookJobs } from "./jobs";
import { createWebhook, redeliver, rotateSecret, sendTestEvent, updateWebhook } from "./mutations";
import { verifySignature } from "./signature";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
let ctx: ProjectContext;
let number: Awaited<ReturnType<typeof makeNumber>>;

beforeAll(async () => {
  sink = await startSink();
  await startJobs({ jobs: webhookJobs, loops: false });
  ctx = await makeProject();
  number = await makeNumber(ctx);
});
afterAll(async () => {
  await stopJobs(2000);
  await sink.close();
});
afterEach(() => {
  sink.respond = () => 200;
  sink.requests.length = 0;
});

/** A customer message as the ingest stores it: the row and its event in one transaction. */
async function receive(conversationId: string, text: string) {
  return db().$transaction(async (tx) => {
    const m = await tx.message.create({
      data: {
        projectId: ctx.projectId,
        conversationId,
        phoneNumberId: number.id,
        wamid: `wamid.${randomBytes(8).toString("hex")}`,
        direction: "INBOUND",
        type: "text",
        content: { text: { body: text } },
        status: "RECEIVED",
        origin: "CUSTOMER",
      },
      select: { id: true, wamid: true },
    });
    await emit(tx, ctx.projectId, "whatsapp.message.received", {
      messageId: m.id,
      conversationId,
      phoneNumberId: number.id,
      wamid: m.wamid ?? undefined,
      type: "text",
    });
    return m;
  });
}

async function hook(url = sink.url, extra: Record<string, unknown> = {}) {
  return createWebhook(
    memberScope(ctx),
    memberActor(ctx),
    webhookInput({
      url,
      events: ["whatsapp.message.received"],
      phoneNumber: number.phoneNumberId,
      ...extra,
    }),
  );
}

async function flush() {
  await dispatchPending();
  await webhookDeliveriesIdle();
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("outbound webhooks", () => {
  it("posts a correctly signed v2 delivery with Kapso's headers, once per event", async () => {
    const { webhook, secret } = await hook(sink.url, { headers: { "X-Source": "switchboard-test" } });
    expect(secret).toMatch(/^whsec_/);
    const stored = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(stored.secretEnc).not.toContain(secret);
    const conv = await makeConversation(ctx, number.id, { name: "Ana" });
    const m = await receive(conv.id, "hello there");
    await flush();
    expect(sink.requests).toHaveLength(1);
    const r = sink.requests[0]!;
    expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
    expect(r.headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(r.headers["x-webhook-event"]).toBe("whatsapp.message.received");
    expect(r.headers["x-webhook-payload-version"]).toBe("v2");
    expect(r.headers["x-idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["x-source"]).toBe("switchboard-test");
    expect(r.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(r.body);
    expect(body.phone_number_id).toBe(number.phoneNumberId);
    expect(body.message.id).toBe(m.wamid);
    expect(body.message.text.body).toBe("hello there");
    expect(body.message.kapso.direction).toBe("inbound");
    expect(body.conversation.id).toBe(conv.id);
    expect(body.conversation.kapso.contact_name).toBe("Ana");
    const d = await db().webhookDelivery.findFirstOrThrow({
      where: { webhookId: webhook.id },
      include: { attemptRows: true },
    });
    expect(d.status).toBe("succeeded");
    expect(d.attemptRows).toHaveLength(1);
    expect(d.attemptRows[0]?.statusCode).toBe(200);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  });

  it("v1 nests the number in whatsapp_config; a rotated secret signs from then on", async () => {
    const { webhook, secret } = await hook(sink.url, { payload_version: "v1" });
    const rotated = await rotateSecret(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id });
    expect(rotated.secret).not.toBe(secret);
    const conv = await makeConversation(ctx, number.id);
    await receive(conv.id, "v1 please");
    await flush();
    const r = sink.requests[0]!;
    expect(r.headers["x-webhook-payload-version"]).toBe("v1");
    expect(verifySignature(rotated.secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
    expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(false);
    const body = JSON.parse(r.body);
    expect(body.whatsapp_config.phone_number_id).toBe(number.phoneNumberId);
    expect(body.phone_number_id).toBeUndefined();
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  });

  it("retries a non-2xx after the configured delays with the same idempotency key, then succeeds", async () => {
    const { webhook, secret } = await hook();
    sink.respond = (_r, i) => (i < 2 ? 503 : 200);
    const conv = await makeConversation(ctx, number.id);
    await receive(conv.id, "retry me");
    await flush();
    await sink.waitFor(3, 15_000);
    const [a, b, c] = sink.requests as [
      (typeof sink.requests)[0],
      (typeof sink.requests)[0],
      (typeof sink.requests)[0],
    ];
    expect(new Set([a, b, c].map((r) => r.headers["x-idempotency-key"])).size).toBe(1);
    expect(new Set([a, b, c].map((r) => r.body)).size).toBe(1);
    for (const r of [a, b, c])
      expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
    // WEBHOOK_RETRY_DELAYS_SECONDS=1,2,3: the first retry after ≥ 1 s, the second ≥ 2 s after that.
    expect(b.at - a.at).toBeGreaterThanOrEqual(1000);
    expect(b.at - a.at).toBeLessThan(4000);
    expect(c.at - b.at).toBeGreaterThanOrEqual(2000);
    expect(c.at - b.at).toBeLessThan(5000);
    await until(
      async () =>
        (await db().webhookDelivery.findFirst({ where: { webhookId: webhook.id } }))?.status === "succeeded",
    );
    const attempts = await db().webhookAttempt.findMany({
      where: { webhookId: webhook.id },
      orderBy: { attempt: "asc" },
    });
    expect(attempts.map((x) => [x.attempt, x.statusCode, x.ok])).toEqual([
      [1, 503, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  }, 30_000);

  it("marks a delivery failed after the last retry, and a redelivery sends it again", async () => {
    const { webhook } = await hook();
    sink.respond = () => 500;
    const conv = await makeConversation(ctx, number.id);
    await receive(conv.id, "doomed");
    await flush();
    await sink.waitFor(4, 20_000);
    await until(
      async () =>
        (await db().webhookDelivery.findFirst({ where: { webhookId: webhook.id } }))?.status === "failed",
    );
    expect(sink.requests).toHaveLength(4);
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { webhookId: webhook.id } });
    expect(d.attempts).toBe(4);
    sink.respond = () => 200;
    // "All failed" keeps to the log's filters: another event's failures only, none of this one.
    const other = await redeliver(memberScope(ctx), memberActor(ctx), {
      webhookId: webhook.id,
      eventType: "whatsapp.message.sent",
    });
    expect(other.queued).toBe(0);
    const { queued } = await redeliver(memberScope(ctx), memberActor(ctx), { deliveryId: d.id });
    expect(queued).toBe(1);
    await until(
      async () => (await db().webhookDelivery.findUnique({ where: { id: d.id } }))?.status === "succeeded",
    );
    expect(sink.requests).toHaveLength(5);
    expect(sink.requests[4]?.headers["x-idempotency-key"]).toBe(d.idempotencyKey);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  }, 30_000);

  it("keeps a conversation's messages in order, holding later ones while an earlier one is retried", async () => {
    const { webhook } = await hook();
    sink.respond = (_r, i) => (i === 0 ? 500 : 200);
    const conv = await makeConversation(ctx, number.id);
    for (let i = 1; i <= 4; i++) await receive(conv.id, `m${i}`);
    await flush();
    await sink.waitFor(5, 15_000);
    const texts = sink.requests.map((r) => JSON.parse(r.body).message.text.body);
    expect(texts).toEqual(["m1", "m1", "m2", "m3", "m4"]);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  }, 30_000);

  it("refuses a private address the allow-list does not name: when saved, and at delivery without retrying", async () => {
    // Saved: an address the guard refuses whatever DNS says is a 422 naming the url.
    const refused = await hook(`http://127.0.0.2:${sink.port}/hook`).catch((e) => e);
    expect(refused).toMatchObject({
      code: "validation",
      fields: { url: expect.stringContaining("127.0.0.2 is") },
    });
    const { webhook } = await hook();
    const edit = await updateWebhook(memberScope(ctx), memberActor(ctx), {
      webhookId: webhook.id,
      url: "http://10.0.0.5/hook",
    }).catch((e) => e);
    expect(edit).toMatchObject({ code: "validation", fields: { url: expect.stringContaining("private") } });
    // At delivery (a name that resolves to such an address now, or a row saved before this check): the
    // reason is recorded, and the delivery fails at once, since no retry can get through.
    await db().webhook.update({
      where: { id: webhook.id },
      data: { url: `http://127.0.0.2:${sink.port}/hook` },
    });
    const r = await sendTestEvent(memberScope(ctx), memberActor(ctx), {
      webhookId: webhook.id,
      eventType: "whatsapp.message.received",
    });
    expect(r.success).toBe(false);
    expect(r.error).toContain("blocked_address");
    const conv = await makeConversation(ctx, number.id);
    await receive(conv.id, "hello?");
    await flush();
    const d = await db().webhookDelivery.findFirstOrThrow({
      where: { webhookId: webhook.id, eventId: { not: null } },
    });
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d.lastError).toContain("blocked_address");
    expect(sink.requests).toHaveLength(0);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  });

  it("sends a test event of any type on demand", async () => {
    const { webhook, secret } = await hook();
    const r = await sendTestEvent(memberScope(ctx), memberActor(ctx), {
      webhookId: webhook.id,
      eventType: "whatsapp.conversation.ended",
    });
    expect(r.success).toBe(true);
    const got = sink.requests[0]!;
    expect(got.headers["x-webhook-event"]).toBe("whatsapp.conversation.ended");
    expect(verifySignature(secret, got.body, got.headers["x-webhook-signature"] ?? "")).toBe(true);
    expect(JSON.parse(got.body).test).toBe(true);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  });
});

describe("delivery leases", () => {
  it("renews only the lease a process holds, and a lapsed one is left to the lease timer's worker", async () => {
    const { webhook } = await hook();
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: true });
    const id = randomBytes(8).toString("hex");
    await db().webhookDelivery.create({
      data: {
        id,
        projectId: ctx.projectId,
        webhookId: webhook.id,
        eventType: "whatsapp.message.received",
        idempotencyKey: id,
        body: "{}",
      },
    });
    const { claimDeliveries, renewLeases } = await import("./delivery-store");
    const { claimed } = await claimDeliveries([id]);
    expect(claimed).toHaveLength(1);
    const held = claimed[0]!;
    // Someone else's lease value (or an expired one) is not renewed.
    expect((await renewLeases([{ id, leaseUntil: new Date(held.leaseUntil.getTime() - 1) }])).ids).toEqual(
      [],
    );
    const renewed = await renewLeases([{ id, leaseUntil: held.leaseUntil }]);
    expect(renewed.ids).toEqual([id]);
    const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(row.leaseUntil?.getTime()).toBe(renewed.until.getTime());
    // While leased, nobody else can claim it.
    expect((await claimDeliveries([id])).claimed).toHaveLength(0);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  });
});

describe("buffering", () => {
  it("sends a conversation's received messages as one batch after the window, signed, with batch headers", async () => {
    const { webhook, secret } = await hook(sink.url, {
      buffer_enabled: true,
      buffer_window_seconds: 1,
      max_buffer_size: 50,
    });
    const conv = await makeConversation(ctx, number.id);
    for (const t of ["b1", "b2", "b3"]) await receive(conv.id, t);
    await flush();
    expect(sink.requests).toHaveLength(0);
    await sink.waitFor(1, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.requests).toHaveLength(1);
    const r = sink.requests[0]!;
    expect(r.headers["x-webhook-batch"]).toBe("true");
    expect(r.headers["x-batch-size"]).toBe("3");
    expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
    const body = JSON.parse(r.body);
    expect(body.batch).toBe(true);
    expect(body.batch_info).toMatchObject({ size: 3, window_ms: 1000, conversation_id: conv.id });
    expect(body.data.map((d: { message: { text: { body: string } } }) => d.message.text.body)).toEqual([
      "b1",
      "b2",
      "b3",
    ]);
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  }, 30_000);
});

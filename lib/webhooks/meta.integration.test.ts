// Meta-kind webhooks against a real local receiver: the raw body our receiver got is forwarded byte for
// byte, signed, with X-Idempotency-Key = SHA-256 of the payload, retried like the others and logged; at
// most one per number; Meta sending the same body again makes no second delivery.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
process.env.WEBHOOK_RETRY_DELAYS_SECONDS = "1";

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { processWebhookEvent } from "@/lib/ingest/process";
import { receiveWebhook } from "@/lib/ingest/receive";
import { customerContact, envelope, inbound, messagesChange, signBody } from "@/lib/sandbox/payloads";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { webhookJobs } from "./jobs";
import { createWebhook, sendTestEvent } from "./mutations";
import { verifySignature } from "./signature";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ path: "/meta" });
  await startJobs({ jobs: webhookJobs, loops: false });
});
afterAll(async () => {
  await stopJobs(2000);
  await sink.close();
});

const base = {
  events: [],
  headers: { "X-Forwarded-By": "switchboard-test" },
  active: true,
  payload_version: "v2" as const,
  buffer_enabled: false,
  buffer_window_seconds: 5,
  max_buffer_size: 50,
  inactivity_minutes: 60,
};

/** What Meta's POST to our receiver does: verify, store, process. */
async function fromMeta(text: string, appSecret: string) {
  const r = await receiveWebhook(Buffer.from(text), signBody(text, appSecret));
  expect(r.status).toBe(200);
  if (r.status === 200 && r.eventId) await processWebhookEvent(r.eventId, r.body);
}

async function flush() {
  await dispatchPending();
  await webhookDeliveriesIdle();
}

describe("meta-kind webhooks", () => {
  it("forwards the raw Meta body as is, signed, keyed by its SHA-256, retried and logged; once per body", async () => {
    const ctx = await makeProject();
    const number = await makeNumber(ctx, "LIVE");
    const scope = memberScope(ctx);
    const actor = memberActor(ctx);

    // A project-wide meta webhook has no number to forward for.
    await expect(createWebhook(scope, actor, { ...base, url: sink.url, kind: "meta" })).rejects.toThrow(
      /belongs to a phone number/,
    );
    const { webhook, secret } = await createWebhook(scope, actor, {
      ...base,
      url: sink.url,
      kind: "meta",
      phoneNumber: number.phoneNumberId,
    });
    expect(webhook.kind).toBe("meta");
    await expect(
      createWebhook(scope, actor, {
        ...base,
        url: sink.url,
        kind: "meta",
        phoneNumber: number.phoneNumberId,
      }),
    ).rejects.toThrow(/already has a meta webhook/);

    // Formatted the way no re-serialisation would produce it: forwarded bytes must be these bytes.
    const body = envelope(number.wabaId, [
      messagesChange(number, {
        contacts: [customerContact("15550101", "Ana")],
        messages: [inbound("15550101", "text", { text: { body: "olá, tudo bem?" } })],
      }),
    ]);
    const text = JSON.stringify(body, null, 3);
    sink.respond = (_r, i) => (i === 0 ? 503 : 200);
    await fromMeta(text, number.appSecret);
    await flush();
    // The first attempt (503), then its retry a second later. (Another test file's worker may be the one
    // delivering: they share the database, so only what arrives is asserted, not when.)
    await sink.waitFor(2, 10_000);
    await webhookDeliveriesIdle();

    const key = createHash("sha256").update(text).digest("hex");
    for (const r of sink.requests) {
      expect(r.body).toBe(text);
      expect(r.headers["x-idempotency-key"]).toBe(key);
      expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
      expect(r.headers["x-forwarded-by"]).toBe("switchboard-test");
      expect(r.headers["x-webhook-event"]).toBeUndefined();
    }
    // The delivery log: both attempts, the first failed with its status, the second succeeded.
    await expect
      .poll(async () => (await db().webhookDelivery.findFirst({ where: { webhookId: webhook.id } }))?.status)
      .toBe("succeeded");
    const attempts = await db().webhookAttempt.findMany({
      where: { webhookId: webhook.id },
      orderBy: { attempt: "asc" },
    });
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.ok])).toEqual([
      [1, 503, false],
      [2, 200, true],
    ]);
    expect(attempts[0]?.eventType).toBe("whatsapp.meta.received");

    // Meta sends the same body again (its own retry): no second delivery.
    await fromMeta(text, number.appSecret);
    await flush();
    expect(sink.requests).toHaveLength(2);
    expect(await db().webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(1);

    // A test event is a Meta envelope for the number, keyed and signed the same way.
    const tested = await sendTestEvent(scope, actor, {
      webhookId: webhook.id,
      eventType: "whatsapp.message.received",
    });
    expect(tested.success).toBe(true);
    const t = sink.requests[2]!;
    const sample = JSON.parse(t.body);
    expect(sample.entry[0].changes[0].value.metadata.phone_number_id).toBe(number.phoneNumberId);
    expect(t.headers["x-idempotency-key"]).toBe(createHash("sha256").update(t.body).digest("hex"));
    expect(verifySignature(secret, t.body, t.headers["x-webhook-signature"] ?? "")).toBe(true);
    sink.requests.length = 2;

    // Another number of the project, without a meta webhook: nothing forwarded, no raw copy kept.
    const other = await makeNumber(ctx, "LIVE");
    const otherText = JSON.stringify(
      envelope(other.wabaId, [
        messagesChange(other, { messages: [inbound("15550102", "text", { text: { body: "hi" } })] }),
      ]),
    );
    await fromMeta(otherText, other.appSecret);
    await flush();
    expect(sink.requests).toHaveLength(2);
    const kept = await db().webhookEvent.findMany({
      where: { projectId: ctx.projectId },
      select: { phoneNumberId: true, rawBody: true },
    });
    expect(kept.filter((k) => k.phoneNumberId === other.id).every((k) => k.rawBody === null)).toBe(true);
    expect(kept.filter((k) => k.phoneNumberId === number.id).every((k) => k.rawBody === text)).toBe(true);
  });

  it("forwards each project only its own changes when one Meta app's POST names numbers of two projects", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const na = await makeNumber(a, "LIVE");
    const nb = await makeNumber(b, "LIVE");
    // One Meta app serves both projects' numbers: the same app secret signs both.
    const { appSecretEnc } = await db().phoneNumber.findUniqueOrThrow({
      where: { id: na.id },
      select: { appSecretEnc: true },
    });
    await db().phoneNumber.update({ where: { id: nb.id }, data: { appSecretEnc } });
    const { forgetNumber } = await import("@/lib/numbers/credentials");
    forgetNumber(nb.phoneNumberId);
    for (const [ctx, n, to] of [
      [a, na, "a"],
      [b, nb, "b"],
    ] as const)
      await createWebhook(memberScope(ctx), memberActor(ctx), {
        ...base,
        url: `${sink.url}?to=${to}`,
        kind: "meta",
        phoneNumber: n.phoneNumberId,
      });
    sink.respond = () => 200;
    sink.requests.length = 0;
    const change = (n: typeof na, text: string) =>
      messagesChange(n, {
        contacts: [customerContact("15550103", "Eve")],
        messages: [inbound("15550103", "text", { text: { body: text } })],
      });
    // Meta batches entries of several accounts into one POST.
    const both = {
      object: "whatsapp_business_account",
      entry: [
        envelope(na.wabaId, [change(na, "for project a")]).entry[0],
        envelope(nb.wabaId, [change(nb, "for project b")]).entry[0],
      ],
    };
    await fromMeta(JSON.stringify(both), na.appSecret);
    await flush();
    await sink.waitFor(2, 10_000);
    const got = (to: string) => sink.requests.filter((r) => r.path.endsWith(`to=${to}`)).map((r) => r.body);
    expect(got("a")).toHaveLength(1);
    expect(got("b")).toHaveLength(1);
    expect(got("a")[0]).toContain("for project a");
    expect(got("a")[0]).not.toContain("for project b");
    expect(got("b")[0]).toContain("for project b");
    expect(got("b")[0]).not.toContain("for project a");
    expect(JSON.parse(got("b")[0] ?? "{}").entry).toHaveLength(1);
  });
});

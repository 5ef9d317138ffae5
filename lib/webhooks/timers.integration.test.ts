// The timers under the delivery rows: the deliver job holds nothing past its claim, rows waiting for their
// conversation's turn share timers, and the safety net takes rows that have been owed, unheld, too long.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { insertDeliveries, type NewDelivery } from "./dispatch-store";
import { deliverJob } from "./job-defs";
import { OVERDUE_GRACE_SECONDS, overdueLoop } from "./jobs";
import { createWebhook } from "./mutations";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await webhookDeliveriesIdle();
  await sink.close();
});

async function setup() {
  const ctx = await makeProject();
  const number = await makeNumber(ctx);
  const { webhook } = await createWebhook(
    memberScope(ctx),
    memberActor(ctx),
    webhookInput({ url: sink.url, events: ["whatsapp.message.received"], phoneNumber: number.phoneNumberId }),
  );
  const conversation = await makeConversation(ctx, number.id);
  let eventId = BigInt(Date.now()) * 1000n;
  const row = (over: Partial<NewDelivery> = {}): NewDelivery => {
    eventId += 1n;
    return {
      id: randomUUID(),
      projectId: ctx.projectId,
      webhookId: webhook.id,
      eventId,
      eventType: "whatsapp.message.received",
      idempotencyKey: randomUUID(),
      body: JSON.stringify({ n: String(eventId) }),
      conversationId: conversation.id,
      leaseUntil: null,
      ...over,
    };
  };
  return { webhookId: webhook.id, row };
}

const jobsNaming = async (ids: string[]) =>
  (
    await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = ${deliverJob.name} AND (data->'ids') ?| ${ids}::text[]`
  )[0]?.n ?? 0;

const received = (body: string) => sink.requests.filter((r) => r.body === body).length;

describe("webhook delivery timers", () => {
  it("the deliver job returns once its claim commits; the post finishes after it, under the row's lease", async () => {
    const { row } = await setup();
    const d = row({ conversationId: null, eventType: "whatsapp.message.received" });
    await db().$transaction((tx) => insertDeliveries(tx, [d]));
    sink.respond = () => new Promise((r) => setTimeout(() => r(200), 1500));
    try {
      const started = Date.now();
      const out = await deliverJob.run({ ids: [d.id] }, { jobId: randomUUID(), retryCount: 0 });
      // A job that awaited its posts held the only timer of rows it had not claimed yet for as long (and,
      // killed, until its expiry): this one is done before the receiver answers.
      expect(Date.now() - started).toBeLessThan(1200);
      expect(out).toMatchObject({ claimed: 1 });
      const held = await db().webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
      expect(held.status).toBe("pending");
      expect(held.leaseUntil).not.toBeNull();
      // ...and its lease has a timer of its own.
      expect(await jobsNaming([d.id])).toBe(1);
      await webhookDeliveriesIdle();
      expect(received(d.body)).toBe(1);
      const done = await db().webhookDelivery.findUniqueOrThrow({ where: { id: d.id } });
      expect(done.status).toBe("succeeded");
      expect(deliverJob.expireInSeconds).toBeLessThanOrEqual(30);
    } finally {
      sink.respond = () => 200;
    }
  });

  it("rows waiting behind an earlier message of their conversation share one timer, not one each", async () => {
    const { row } = await setup();
    const first = row({ leaseUntil: new Date(Date.now() + 30_000) });
    const waiting = Array.from({ length: 120 }, () => row());
    await db().$transaction((tx) =>
      insertDeliveries(
        tx,
        [first, ...waiting],
        waiting.map((w) => w.id),
      ),
    );
    const jobs = await db().$queryRaw<{ ids: string[] }[]>`
      SELECT data->'ids' AS ids FROM pgboss.job
      WHERE name = ${deliverJob.name} AND (data->'ids') ?| ${waiting.map((w) => w.id)}::text[]`;
    expect(jobs).toHaveLength(1);
    expect(new Set(jobs[0]?.ids)).toEqual(new Set(waiting.map((w) => w.id)));
  });

  it("the safety net takes rows owed and unheld for over a minute, and leaves the rest to their timers", async () => {
    const { row } = await setup();
    const old = row({ conversationId: null });
    const young = row({ conversationId: null });
    const leased = row({ conversationId: null, leaseUntil: new Date(Date.now() + 30_000) });
    await db().$transaction((tx) => insertDeliveries(tx, [old, young, leased]));
    // A row whose timer was lost two minutes ago (no job names it).
    const ago = new Date(Date.now() - (OVERDUE_GRACE_SECONDS + 60) * 1000);
    await db().webhookDelivery.update({
      where: { id: old.id },
      data: { createdAt: ago, nextAttemptAt: ago },
    });
    expect(await jobsNaming([old.id])).toBe(0);
    expect(await overdueLoop.tick()).toBe(15_000);
    await webhookDeliveriesIdle();
    expect(received(old.body)).toBe(1);
    expect(received(young.body)).toBe(0);
    expect(received(leased.body)).toBe(0);
    const rows = await db().webhookDelivery.findMany({
      where: { id: { in: [old.id, young.id, leased.id] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [old.id]: "succeeded",
      [young.id]: "pending",
      [leased.id]: "pending",
    });
  });

  it("a recording that fails leaves its deliveries to be posted again, without taking the process down", async () => {
    const { row } = await setup();
    // Three messages of one conversation, posted one after another: the first one's result fails to be
    // recorded while the second is still being posted (its promise rejects before the chain awaits it).
    const rows = [row(), row(), row()];
    await db().$transaction((tx) => insertDeliveries(tx, rows));
    await db().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION sb_test_refuse_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'recording refused by the test'; END $$`);
    await db().$executeRawUnsafe(`
      CREATE TRIGGER sb_test_refuse_attempt BEFORE INSERT ON "WebhookAttempt" FOR EACH ROW
      WHEN (NEW."responseBody" = 'refuse-recording') EXECUTE FUNCTION sb_test_refuse_attempt()`);
    let refused = false;
    sink.respond = (req) => {
      if (req.body === rows[0]?.body && !refused) {
        refused = true;
        return { status: 200, body: "refuse-recording" };
      }
      return new Promise((r) => setTimeout(() => r(200), 300));
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      await deliverJob.run({ ids: rows.map((r) => r.id) }, { jobId: randomUUID(), retryCount: 0 });
      await webhookDeliveriesIdle();
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
      // The first one reached the receiver but has no result: it stays owed (leased until its timer).
      const first = await db().webhookDelivery.findUniqueOrThrow({ where: { id: rows[0]!.id } });
      expect(first.status).toBe("pending");
      expect(first.attempts).toBe(0);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await db().$executeRawUnsafe(`DROP TRIGGER sb_test_refuse_attempt ON "WebhookAttempt"`);
      sink.respond = () => 200;
    }
    // Its lease ends (moved back here rather than waited for) and its timer posts it again.
    await db().webhookDelivery.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, status: "pending" },
      data: { leaseUntil: new Date(Date.now() - 1000) },
    });
    await deliverJob.run({ ids: rows.map((r) => r.id) }, { jobId: randomUUID(), retryCount: 0 });
    await webhookDeliveriesIdle();
    const done = await db().webhookDelivery.findMany({
      where: { id: { in: rows.map((r) => r.id) } },
      select: { status: true },
    });
    expect(done.map((d) => d.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(received(rows[0]!.body)).toBe(2);
  });
});

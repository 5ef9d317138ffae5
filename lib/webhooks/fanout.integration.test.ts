// A dispatch batch that fans out to several webhooks makes more deliveries than one lease timer may name
// (the deliver job takes at most 1000 ids). The timers are split, so the batch commits and every delivery
// arrives; before, the job refused the list and the batch failed on every retry, stalling the subscriber.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { webhookJobs } from "./jobs";
import { createWebhook } from "./mutations";
import { webhooksSubscriber } from "./subscriber";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ keepBodies: false });
  await startJobs({ jobs: webhookJobs, loops: false });
});
afterAll(async () => {
  await stopJobs(2000);
  await sink.close();
});

describe("a dispatch batch with more deliveries than one lease timer names", () => {
  it("commits, arms timers of at most 1000 ids, and delivers every event to every webhook", async () => {
    const ctx = await makeProject({ name: "fanout" });
    const number = await makeNumber(ctx);
    const conversations: { id: string }[] = [];
    for (let i = 0; i < 20; i++) conversations.push(await makeConversation(ctx, number.id));
    const hooks = [];
    for (let i = 0; i < 3; i++)
      hooks.push(
        await createWebhook(
          memberScope(ctx),
          memberActor(ctx),
          webhookInput({
            url: `${sink.url}/hook${i}`,
            events: ["whatsapp.message.received"],
            phoneNumber: number.phoneNumberId,
          }),
        ),
      );
    const EVENTS = 400;
    // The subscriber's cursor starts at the horizon: make it before the events commit.
    await dispatchPending({ subscribers: [webhooksSubscriber] });
    await db().$transaction(
      async (tx) => {
        for (let i = 0; i < EVENTS; i++) {
          const conv = conversations[i % conversations.length] as (typeof conversations)[number];
          const m = await tx.message.create({
            data: {
              projectId: ctx.projectId,
              conversationId: conv.id,
              phoneNumberId: number.id,
              wamid: `wamid.fanout.${i}`,
              direction: "INBOUND",
              type: "text",
              content: { text: { body: `m${i}` } },
              status: "RECEIVED",
              origin: "CUSTOMER",
            },
            select: { id: true, wamid: true },
          });
          await emit(tx, ctx.projectId, "whatsapp.message.received", {
            messageId: m.id,
            conversationId: conv.id,
            phoneNumberId: number.id,
            wamid: m.wamid ?? undefined,
            type: "text",
          });
        }
      },
      { timeout: 60_000 },
    );
    await dispatchPending({ subscribers: [webhooksSubscriber], batch: 500 });
    await sink.waitFor(EVENTS * hooks.length, 30_000);
    await webhookDeliveriesIdle();

    // This test's lease timers (other test files share the database): named by their first delivery.
    const hookIds = hooks.map((h) => h.webhook.id);
    const timers = await db().$queryRaw<{ n: number }[]>`
      SELECT jsonb_array_length(j.data->'ids')::int AS n FROM pgboss.job j
      WHERE j.name = 'webhooks.deliver' AND EXISTS (
        SELECT 1 FROM "WebhookDelivery" d WHERE d.id = j.data->'ids'->>0 AND d."webhookId" = ANY(${hookIds}::text[]))`;
    expect(timers.map((t) => t.n).reduce((a, b) => a + b, 0)).toBe(EVENTS * hooks.length);
    expect(Math.max(...timers.map((t) => t.n))).toBeLessThanOrEqual(1000);
    // Each webhook got each event.
    for (let i = 0; i < hooks.length; i++) {
      const got = sink.requests.filter((r) => r.path.endsWith(`/hook${i}`));
      expect(new Set(got.map((r) => r.headers["x-idempotency-key"])).size).toBe(EVENTS);
    }
  });
});

// kill -9 of a real worker process in the middle of deliveries: nothing is lost, and a receiver that
// deduplicates on X-Idempotency-Key sees each event exactly once.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { createWebhook } from "./mutations";
import { verifySignature } from "./signature";
import { eventKey } from "./subscriber";
import { type Sink, startSink } from "./test-sink";

const CHILD = "lib/testing/webhooks-child.ts";
let sink: Sink;

beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});

describe("webhook delivery durability", () => {
  it("loses nothing and, deduplicated by idempotency key, delivers each event once across a kill -9", async () => {
    const env = { EGRESS_ALLOW_HOSTS: "127.0.0.1" };
    const a = spawnTs(CHILD, [], env);
    await waitForOutput(a, "READY", 60_000);

    const ctx = await makeProject();
    const number = await makeNumber(ctx);
    const { webhook, secret } = await createWebhook(
      memberScope(ctx),
      memberActor(ctx),
      webhookInput({
        url: sink.url,
        events: ["whatsapp.message.received"],
        phoneNumber: number.phoneNumberId,
      }),
    );
    // A slow-ish receiver, so the kill lands with posts in flight.
    sink.respond = async () => {
      await new Promise((r) => setTimeout(r, 15));
      return 200;
    };
    const conversations = await Promise.all(
      Array.from({ length: 20 }, () => makeConversation(ctx, number.id)),
    );
    const N = 400;
    for (let i = 0; i < N; i += 10) {
      await db().$transaction(async (tx) => {
        for (let j = i; j < i + 10; j++) {
          const conversationId = (conversations[j % conversations.length] as { id: string }).id;
          const m = await tx.message.create({
            data: {
              projectId: ctx.projectId,
              conversationId,
              phoneNumberId: number.id,
              wamid: `wamid.${randomBytes(8).toString("hex")}`,
              direction: "INBOUND",
              type: "text",
              content: { text: { body: `n${j}` } },
              status: "RECEIVED",
              origin: "CUSTOMER",
            },
            select: { id: true },
          });
          await emit(tx, ctx.projectId, "whatsapp.message.received", {
            messageId: m.id,
            conversationId,
            phoneNumberId: number.id,
            type: "text",
          });
        }
      });
    }
    await sink.waitFor(N / 4, 60_000);
    a.kill("SIGKILL");
    await exited(a);
    const atKill = sink.requests.length;
    expect(atKill).toBeLessThan(N);

    const b = spawnTs(CHILD, [], env);
    try {
      await waitForOutput(b, "READY", 60_000);
      const end = Date.now() + 90_000;
      for (;;) {
        const open = await db().webhookDelivery.count({
          where: { webhookId: webhook.id, status: { not: "succeeded" } },
        });
        const total = await db().webhookDelivery.count({ where: { webhookId: webhook.id } });
        if (total === N && open === 0) break;
        if (Date.now() > end) {
          const stuck = await db().webhookDelivery.findMany({
            where: { webhookId: webhook.id, status: { not: "succeeded" } },
            select: {
              id: true,
              status: true,
              attempts: true,
              leaseUntil: true,
              createdAt: true,
              conversationId: true,
            },
          });
          throw new Error(`not done: ${total} rows, ${open} open ${JSON.stringify(stuck)}\n${b.output()}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      b.kill("SIGKILL");
      await exited(b);
    }
    const events = await db().domainEvent.findMany({
      where: { projectId: ctx.projectId, type: "whatsapp.message.received" },
      select: { id: true },
    });
    expect(events).toHaveLength(N);
    const expected = new Set(events.map((e) => eventKey(e.id)));
    const seen = new Set<string>();
    for (const r of sink.requests) {
      expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
      seen.add(r.headers["x-idempotency-key"] ?? "");
    }
    // Lost: none. Deduplicated: each event once (and nothing that is not an event).
    expect([...expected].filter((k) => !seen.has(k))).toEqual([]);
    expect(seen.size).toBe(N);
    console.log(
      `[durability] ${N} events, ${atKill} received before the kill, ${sink.requests.length - N} repeats after it (same key)`,
    );
  }, 180_000);
});

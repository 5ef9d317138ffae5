// kill -9 of a real worker process while conversations' inactivity timers are due and firing: after a
// restart every conversation's whatsapp.conversation.inactive arrives once per idle period (none lost),
// and no idle period makes two events (a second event would carry its own idempotency key, so dedupe on
// the key alone could not hide it). One minute is shortened to one second here.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
process.env.WEBHOOK_INACTIVITY_MINUTE_SECONDS = "1";

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { inactivityJob } from "./job-defs";
import { createWebhook } from "./mutations";
import { verifySignature } from "./signature";
import { type Sink, startSink } from "./test-sink";

const CHILD = "lib/testing/webhooks-child.ts";
const ENV = { EGRESS_ALLOW_HOSTS: "127.0.0.1", WEBHOOK_INACTIVITY_MINUTE_SECONDS: "1" };
const WINDOW_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});

describe("conversation inactivity durability", () => {
  it("fires each idle period's event once, none lost, across a kill -9 of the worker running the timers", async () => {
    let worker = spawnTs(CHILD, [], ENV);
    await waitForOutput(worker, "READY", 60_000);
    try {
      const ctx = await makeProject();
      const number = await makeNumber(ctx);
      const { webhook, secret } = await createWebhook(
        memberScope(ctx),
        memberActor(ctx),
        webhookInput({
          url: sink.url,
          events: ["whatsapp.conversation.inactive"],
          inactivity_minutes: WINDOW_MS / 1000,
          phoneNumber: number.phoneNumberId,
        }),
      );
      sink.respond = () => 200;
      const C = 200;
      const conversations: string[] = [];
      for (let i = 0; i < C; i += 20)
        conversations.push(
          ...(await Promise.all(Array.from({ length: 20 }, () => makeConversation(ctx, number.id)))).map(
            (c) => c.id,
          ),
        );

      /** Each conversation's messages that end an idle period, with when they were sent. */
      const owed = new Map<string, { conversationId: string; at: number }>();
      const receive = async (ids: string[]) => {
        for (let i = 0; i < ids.length; i += 20) {
          const at = Date.now();
          await db().$transaction(async (tx) => {
            for (const conversationId of ids.slice(i, i + 20)) {
              const m = await tx.message.create({
                data: {
                  projectId: ctx.projectId,
                  conversationId,
                  phoneNumberId: number.id,
                  wamid: `wamid.${randomBytes(8).toString("hex")}`,
                  direction: "INBOUND",
                  type: "text",
                  content: { text: { body: "hello?" } },
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
              owed.set(m.id, { conversationId, at });
            }
          });
        }
      };
      /** The inactive events received so far, by idempotency key (a repeat post has the same key). */
      const received = () => {
        const byKey = new Map<string, { conversationId: string; since: string; at: number; posts: number }>();
        for (const r of sink.requests) {
          expect(r.headers["x-webhook-event"]).toBe("whatsapp.conversation.inactive");
          expect(verifySignature(secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
          const key = r.headers["x-idempotency-key"] ?? "";
          const body = JSON.parse(r.body) as { conversation: { id: string }; since_message: { id: string } };
          const seen = byKey.get(key);
          if (seen) seen.posts++;
          else
            byKey.set(key, {
              conversationId: body.conversation.id,
              since: body.since_message.id,
              at: r.at,
              posts: 1,
            });
        }
        return byKey;
      };
      const timers = async () =>
        db().$queryRaw<{ state: string; n: bigint }[]>`
          SELECT state::text, count(*) AS n FROM pgboss.job
          WHERE name = ${inactivityJob.name} AND data->>'webhookId' = ${webhook.id} GROUP BY state ORDER BY state`;
      const waitForAll = async (budgetMs: number) => {
        const end = Date.now() + budgetMs;
        while (received().size < owed.size) {
          if (Date.now() > end) {
            const states = (await timers()).map((t) => `${t.state}: ${t.n}`).join(", ");
            throw new Error(
              `${received().size} of ${owed.size} inactive events arrived; timers ${states}\n${worker.output()}`,
            );
          }
          await sleep(100);
        }
      };

      // First idle period: every conversation hears from its customer, then nothing.
      await receive(conversations);
      // Killed while the timers are firing: some have fired, and the worker holds a batch of them.
      const count = async (state: string) => Number((await timers()).find((t) => t.state === state)?.n ?? 0);
      const until = Date.now() + 30_000;
      while (!((await count("completed")) > 0 && (await count("active")) > 0)) {
        if (Date.now() > until) throw new Error(`timers never fired: ${JSON.stringify(await timers())}`);
        await sleep(5);
      }
      worker.kill("SIGKILL");
      await exited(worker);
      const atKill = received().size;
      // What the dead worker had in hand: left active, to be retried when it expires.
      const stranded = await count("active");
      expect(stranded).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(C);
      const killedAt = Date.now();
      worker = spawnTs(CHILD, [], ENV);
      await waitForOutput(worker, "READY", 60_000);
      await waitForAll(45_000);
      const recovered = Date.now() - killedAt;

      // Second idle period for a third of them: a new message re-arms, and its silence fires once more.
      await receive(conversations.filter((_, i) => i % 3 === 0));
      await waitForAll(30_000);

      // Every timer finished (a retried one had its chance to fire twice), every delivery recorded.
      await expect
        .poll(async () => (await timers()).filter((t) => t.state !== "completed").length, { timeout: 30_000 })
        .toBe(0);
      await expect
        .poll(
          () =>
            db().webhookDelivery.count({ where: { webhookId: webhook.id, status: { not: "succeeded" } } }),
          { timeout: 30_000 },
        )
        .toBe(0);

      const events = received();
      // Lost: none. Twice for one idle period: none (each since_message once, across distinct keys).
      const bySince = new Map<string, number>();
      for (const e of events.values()) bySince.set(e.since, (bySince.get(e.since) ?? 0) + 1);
      expect([...owed.keys()].filter((id) => !bySince.has(id))).toEqual([]);
      expect([...bySince.entries()].filter(([, n]) => n > 1)).toEqual([]);
      expect(events.size).toBe(owed.size);
      for (const e of events.values()) {
        const m = owed.get(e.since);
        expect(e.conversationId).toBe(m?.conversationId);
        // Not before its silence was over.
        expect(e.at - (m?.at ?? 0)).toBeGreaterThanOrEqual(WINDOW_MS - 100);
      }
      const stored = await db().domainEvent.count({
        where: { projectId: ctx.projectId, type: "whatsapp.conversation.inactive" },
      });
      expect(stored).toBe(owed.size);
      const repeats = sink.requests.length - events.size;
      console.log(
        `[inactivity-durability] ${owed.size} idle periods over ${C} conversations, ${atKill} events out before the kill, ${stranded} timers in the dead worker's hands, all out ${recovered} ms after it, ${repeats} repeated posts (same key)`,
      );
    } finally {
      worker.kill("SIGKILL");
      await exited(worker);
    }
  }, 150_000);
});

// kill -9 of a real worker process while it forwards Meta bodies to meta-kind webhooks: every body Meta
// sent arrives (none lost), and a receiver that deduplicates on X-Idempotency-Key (the body's SHA-256)
// sees each once; a raw repeat is allowed only for a post the killed worker had in flight.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { receiveWebhook } from "@/lib/ingest/receive";
import { customerContact, envelope, inbound, messagesChange, signBody } from "@/lib/sandbox/payloads";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { createWebhook } from "./mutations";
import { verifySignature } from "./signature";
import { type Sink, startSink } from "./test-sink";

const CHILD = "lib/testing/webhooks-child.ts";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ path: "/meta" });
});
afterAll(async () => {
  await sink.close();
});

describe("meta-kind webhook forwarding durability", () => {
  it("forwards every Meta body, each once after dedupe on its key, across a kill -9 of the worker", async () => {
    const env = { EGRESS_ALLOW_HOSTS: "127.0.0.1" };
    const a = spawnTs(CHILD, [], env);
    await waitForOutput(a, "READY", 60_000);

    const ctx = await makeProject();
    // Two numbers, each with its meta webhook; a third without one (its bodies are not forwarded).
    const numbers = [await makeNumber(ctx, "LIVE"), await makeNumber(ctx, "LIVE")];
    const silent = await makeNumber(ctx, "LIVE");
    const secrets = new Map<string, string>();
    const hookIds: string[] = [];
    for (const [i, n] of numbers.entries()) {
      const { webhook, secret } = await createWebhook(
        memberScope(ctx),
        memberActor(ctx),
        webhookInput({
          url: `${sink.url}?n=${i}`,
          kind: "meta",
          events: [],
          phoneNumber: n.phoneNumberId,
        }),
      );
      secrets.set(`n=${i}`, secret);
      hookIds.push(webhook.id);
    }
    // A slow-ish receiver, so the kill lands with posts in flight.
    sink.respond = async () => {
      await sleep(15);
      return 200;
    };

    // What Meta sends: distinct bodies, alternately for each number (every 10th is for the number
    // without a meta webhook); the first tenth of them Meta sends again later (its own retry).
    const N = 300;
    const bodies = Array.from({ length: N }, (_, i) => {
      const n = i % 10 === 9 ? silent : (numbers[i % 2] as (typeof numbers)[number]);
      const text = JSON.stringify(
        envelope(n.wabaId, [
          messagesChange(n, {
            contacts: [customerContact("15550199", "Ana")],
            messages: [inbound("15550199", "text", { text: { body: `message ${i}` } })],
          }),
        ]),
      );
      return { text, secret: n.appSecret, forwarded: n !== silent, to: `n=${i % 2}` };
    });
    const resent = bodies.slice(0, N / 10);
    const expected = new Map(bodies.filter((b) => b.forwarded).map((b) => [sha256(b.text), b]));

    const fromMeta = async (b: (typeof bodies)[number]) => {
      const r = await receiveWebhook(Buffer.from(b.text), signBody(b.text, b.secret));
      expect(r.status).toBe(200);
    };
    // Meta keeps sending while the worker is killed and restarted.
    const feeding = (async () => {
      for (const b of bodies) await fromMeta(b);
      for (const b of resent) await fromMeta(b);
    })();
    // Awaited below; a failure before then must not go unhandled meanwhile.
    feeding.catch(() => {});

    await sink.waitFor(expected.size / 4, 60_000);
    const killedAt = Date.now();
    a.kill("SIGKILL");
    await exited(a);
    const atKill = sink.requests.length;
    expect(atKill).toBeLessThan(expected.size);

    const b = spawnTs(CHILD, [], env);
    try {
      await waitForOutput(b, "READY", 60_000);
      await feeding;
      const end = Date.now() + 50_000;
      for (;;) {
        const total = await db().webhookDelivery.count({ where: { webhookId: { in: hookIds } } });
        const open = await db().webhookDelivery.count({
          where: { webhookId: { in: hookIds }, status: { not: "succeeded" } },
        });
        if (total >= expected.size && open === 0) break;
        if (Date.now() > end)
          throw new Error(`not done: ${total} of ${expected.size} deliveries, ${open} open\n${b.output()}`);
        await sleep(250);
      }
    } finally {
      b.kill("SIGKILL");
      await exited(b);
    }

    // One delivery row per distinct body (Meta's resend made none), and each arrived.
    expect(await db().webhookDelivery.count({ where: { webhookId: { in: hookIds } } })).toBe(expected.size);
    const arrivals = new Map<string, number[]>();
    for (const r of sink.requests) {
      const key = r.headers["x-idempotency-key"] ?? "";
      const sent = expected.get(key);
      // Nothing that is not one of Meta's bodies, and each to its own number's webhook, as is, signed.
      expect(sent, `unexpected key ${key}`).toBeDefined();
      const to = r.path.split("?")[1] ?? "";
      expect(to).toBe(sent?.to);
      expect(r.body).toBe(sent?.text);
      const signature = r.headers["x-webhook-signature"] ?? "";
      expect(verifySignature(secrets.get(to) ?? "", r.body, signature)).toBe(true);
      arrivals.set(key, [...(arrivals.get(key) ?? []), r.at]);
    }
    // Lost: none. Deduplicated: each once.
    expect([...expected.keys()].filter((k) => !arrivals.has(k))).toEqual([]);
    expect(arrivals.size).toBe(expected.size);
    // A raw repeat only of a post the killed worker had made (the receiver got it, the worker died before
    // recording it): its first copy arrived by the kill (a moment's grace for bytes already on the wire),
    // and the new worker sent it once more, not again and again.
    const repeated = [...arrivals.entries()].filter(([, at]) => at.length > 1);
    for (const [key, at] of repeated) {
      expect(at.length, key).toBe(2);
      expect(Math.min(...at), key).toBeLessThan(killedAt + 1000);
    }
    console.log(
      `[meta-durability] ${expected.size} forwards (${N} bodies, ${resent.length} resent by Meta), ${atKill} received before the kill, ${repeated.length} repeated after it (same key)`,
    );
  }, 120_000);
});

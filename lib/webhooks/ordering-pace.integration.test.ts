// A conversation's messages arriving in consecutive dispatch batches, while the earlier ones are still
// being posted or recorded, go out in order at once: none waits out the 30 s order gap (a later batch
// joins this process's chain for the conversation instead of finding its predecessor pending).
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { startDispatcherLoop } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { webhookJobs } from "./jobs";
import { createWebhook } from "./mutations";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
let stopLoop: () => Promise<void>;
beforeAll(async () => {
  sink = await startSink();
  // A slow receiver keeps each conversation's chain busy while the next batches are dispatched.
  sink.respond = () => new Promise((r) => setTimeout(() => r(200), 15));
  await startJobs({ jobs: webhookJobs, loops: false });
  stopLoop = await startDispatcherLoop({ intervalMs: 200 });
});
afterAll(async () => {
  await stopLoop();
  await webhookDeliveriesIdle();
  await stopJobs(2000);
  await sink.close();
});

describe("conversation order under a stream of batches", () => {
  it("delivers 4 conversations × 15 messages in order within seconds, each once", async () => {
    const ctx = await makeProject();
    const number = await makeNumber(ctx);
    await createWebhook(
      memberScope(ctx),
      memberActor(ctx),
      webhookInput({
        url: sink.url,
        events: ["whatsapp.message.received"],
        phoneNumber: number.phoneNumberId,
      }),
    );
    const convs: string[] = [];
    for (let i = 0; i < 4; i++) convs.push((await makeConversation(ctx, number.id)).id);
    const sent = new Map<string, string[]>(convs.map((c) => [c, []]));
    const started = Date.now();
    for (let round = 0; round < 15; round++) {
      // One transaction per round (a message in each conversation), a few milliseconds apart.
      await db().$transaction(async (tx) => {
        for (const conversationId of convs) {
          const wamid = `wamid.${randomBytes(8).toString("hex")}`;
          const m = await tx.message.create({
            data: {
              projectId: ctx.projectId,
              conversationId,
              phoneNumberId: number.id,
              wamid,
              direction: "INBOUND",
              type: "text",
              content: { text: { body: `m${round}` } },
              status: "RECEIVED",
              origin: "CUSTOMER",
            },
            select: { id: true },
          });
          await emit(tx, ctx.projectId, "whatsapp.message.received", {
            messageId: m.id,
            conversationId,
            phoneNumberId: number.id,
            wamid,
            type: "text",
          });
          sent.get(conversationId)?.push(wamid);
        }
      });
      await new Promise((r) => setTimeout(r, 10));
    }
    await sink.waitFor(60, 12_000);
    expect(Date.now() - started).toBeLessThan(12_000);
    const got = new Map<string, string[]>(convs.map((c) => [c, []]));
    for (const r of sink.requests) {
      const b = JSON.parse(r.body);
      got.get(b.conversation.id)?.push(b.message.id);
    }
    for (const c of convs) expect(got.get(c)).toEqual(sent.get(c));
  });
});

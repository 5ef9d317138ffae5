// whatsapp.conversation.inactive against a real local receiver and real durable timers: after each
// webhook's own inactivity_minutes of silence (one minute is shortened to one second here), rescheduled by
// a new message, fired once.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
process.env.WEBHOOK_INACTIVITY_MINUTE_SECONDS = "1";

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { startDispatcherLoop } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { fireInactivity } from "./inactivity-mutations";
import { webhookJobs } from "./jobs";
import { createWebhook } from "./mutations";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
let stopLoop: () => Promise<void>;
beforeAll(async () => {
  sink = await startSink();
  await startJobs({ jobs: webhookJobs, loops: false });
  stopLoop = await startDispatcherLoop({ intervalMs: 200 });
});
afterAll(async () => {
  await stopLoop();
  await webhookDeliveriesIdle();
  await stopJobs(2000);
  await sink.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("conversation inactivity", () => {
  it("fires after each webhook's own silence, rescheduled by a new message, once", async () => {
    const ctx = await makeProject();
    const number = await makeNumber(ctx);
    const conv = await makeConversation(ctx, number.id, { name: "Ana" });
    const hook = (path: string, minutes: number) =>
      createWebhook(
        memberScope(ctx),
        memberActor(ctx),
        webhookInput({
          url: `${sink.url}/${path}`,
          events: ["whatsapp.conversation.inactive"],
          inactivity_minutes: minutes,
          phoneNumber: number.phoneNumberId,
        }),
      );
    const short = await hook("short", 3);
    const long = await hook("long", 6);

    const receive = async (text: string) => {
      const m = await db().$transaction(async (tx) => {
        const row = await tx.message.create({
          data: {
            projectId: ctx.projectId,
            conversationId: conv.id,
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
          messageId: row.id,
          conversationId: conv.id,
          phoneNumberId: number.id,
          wamid: row.wamid ?? undefined,
          type: "text",
        });
        return row;
      });
      return { ...m, at: Date.now() };
    };
    const inactive = (path: string) => sink.requests.filter((r) => r.path === `/hook/${path}`);

    const first = await receive("hello");
    await sleep(1500);
    // A new message within the window: the first message's timers find a newer message and do nothing.
    const second = await receive("still there?");
    await sleep(first.at + 3500 - Date.now());
    expect(inactive("short")).toHaveLength(0);

    await sink.waitFor(1, 15_000);
    const s = inactive("short");
    expect(s).toHaveLength(1);
    expect(s[0]!.at - second.at).toBeGreaterThanOrEqual(2900);
    expect(s[0]!.headers["x-webhook-event"]).toBe("whatsapp.conversation.inactive");
    const body = JSON.parse(s[0]!.body);
    expect(body.conversation.id).toBe(conv.id);
    expect(body.inactivity).toEqual({ minutes: 3 });
    expect(body.since_message).toEqual({ id: second.id });

    // The longer window fires later, for its own webhook only.
    await sink.waitFor(2, 15_000);
    const l = inactive("long");
    expect(l).toHaveLength(1);
    expect(l[0]!.at - second.at).toBeGreaterThanOrEqual(5900);
    expect(JSON.parse(l[0]!.body).inactivity).toEqual({ minutes: 6 });

    // Once: a timer run again (a retried job) emits nothing more, and nothing else arrives.
    expect(
      await fireInactivity({ webhookId: short.webhook.id, conversationId: conv.id, messageId: second.id }),
    ).toEqual({ fired: false });
    await sleep(2000);
    expect(inactive("short")).toHaveLength(1);
    expect(inactive("long")).toHaveLength(1);
    expect(
      await db().domainEvent.count({
        where: { projectId: ctx.projectId, type: "whatsapp.conversation.inactive" },
      }),
    ).toBe(2);
    expect(long.webhook.id).not.toBe(short.webhook.id);
  }, 60_000);
});

// A customer's number change, end to end: Meta's signed "user_changed_number" notice reaches the receiver,
// the contact takes the new number, and a phone-number webhook subscribed to
// whatsapp.contact.identity_changed gets one signed delivery naming the number before and after.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { startDispatcherLoop } from "@/lib/events/dispatcher";
import { customerContact, inbound } from "@/lib/sandbox/payloads";
import { registerWebhookHarness, send, settle } from "@/lib/testing/webhook-harness";
import { webhookInput } from "@/lib/testing/webhook-input";
import { webhookDeliveriesIdle } from "@/lib/webhooks/deliver";
import { webhookJobs } from "@/lib/webhooks/jobs";
import { createWebhook } from "@/lib/webhooks/mutations";
import { type Sink, type SinkRequest, startSink } from "@/lib/webhooks/test-sink";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

registerWebhookHarness();

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

const changedNumber = (from: string, to: string) =>
  inbound(from, "system", {
    system: { body: `User changed number to ${to}`, wa_id: to, type: "user_changed_number" },
  });

/** A project with a live number (as the receiver's harness makes them) and its owner. */
async function numberWithOwner() {
  const ctx = await makeProject();
  const n = { ...(await makeNumber(ctx, "LIVE")), projectId: ctx.projectId };
  return { ctx, n };
}

async function hookFor(
  ctx: Awaited<ReturnType<typeof makeProject>>,
  n: { phoneNumberId: string },
  path: string,
) {
  return createWebhook(
    memberScope(ctx),
    memberActor(ctx),
    webhookInput({
      url: `${sink.url}/${path}`,
      events: ["whatsapp.contact.identity_changed"],
      phoneNumber: n.phoneNumberId,
    }),
  );
}

describe("contact identity changes", () => {
  it("moves the contact to its new number and delivers whatsapp.contact.identity_changed once", async () => {
    const { ctx, n } = await numberWithOwner();
    const hook = await hookFor(ctx, n, `identity-${n.phoneNumberId}`);
    const from = `1555${n.phoneNumberId.slice(-6)}`;
    const to = `1666${n.phoneNumberId.slice(-6)}`;
    expect(
      (
        await send(n, {
          contacts: [customerContact(from, "Ana")],
          messages: [inbound(from, "text", { text: { body: "hi" } })],
        })
      ).status,
    ).toBe(200);
    const value = { messages: [changedNumber(from, to)] };
    expect((await send(n, value)).status).toBe(200);
    // Meta delivers the same notice again: it is stored once and announced once.
    expect((await send(n, value)).status).toBe(200);
    await settle();
    await expect
      .poll(
        async () =>
          sink.requests.filter((r: SinkRequest) => r.path.endsWith(`/identity-${n.phoneNumberId}`)).length,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const contact = await db().contact.findFirstOrThrow({ where: { projectId: n.projectId } });
    expect(contact.waId).toBe(to);
    const [delivery] = sink.requests.filter((r: SinkRequest) =>
      r.path.endsWith(`/identity-${n.phoneNumberId}`),
    );
    expect(delivery?.headers["x-webhook-event"]).toBe("whatsapp.contact.identity_changed");
    expect(delivery?.headers["x-webhook-signature"]).toBe(
      createHmac("sha256", hook.secret)
        .update(delivery?.body ?? "")
        .digest("hex"),
    );
    const body = JSON.parse(delivery?.body ?? "{}");
    expect(body.contact).toMatchObject({ wa_id: to, previous_wa_id: from, profile_name: "Ana" });
    expect(body).toMatchObject({
      reason: "user_changed_number",
      applied: true,
      phone_number_id: n.phoneNumberId,
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      sink.requests.filter((r: SinkRequest) => r.path.endsWith(`/identity-${n.phoneNumberId}`)),
    ).toHaveLength(1);
  }, 60_000);

  it("keeps both contacts when the new number already belongs to another, and says so", async () => {
    const { ctx, n } = await numberWithOwner();
    await hookFor(ctx, n, `taken-${n.phoneNumberId}`);
    const from = `1777${n.phoneNumberId.slice(-6)}`;
    const to = `1888${n.phoneNumberId.slice(-6)}`;
    for (const [who, name] of [
      [from, "Ben"],
      [to, "Cy"],
    ] as const)
      expect(
        (
          await send(n, {
            contacts: [customerContact(who, name)],
            messages: [inbound(who, "text", { text: { body: "hello" } })],
          })
        ).status,
      ).toBe(200);
    expect((await send(n, { messages: [changedNumber(from, to)] })).status).toBe(200);
    await settle();
    await expect
      .poll(
        async () =>
          sink.requests.filter((r: SinkRequest) => r.path.endsWith(`/taken-${n.phoneNumberId}`)).length,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const body = JSON.parse(
      sink.requests.find((r: SinkRequest) => r.path.endsWith(`/taken-${n.phoneNumberId}`))?.body ?? "{}",
    );
    expect(body).toMatchObject({ applied: false, contact: { wa_id: to, previous_wa_id: from } });
    const contacts = await db().contact.findMany({
      where: { projectId: n.projectId },
      orderBy: { profileName: "asc" },
    });
    expect(contacts.map((c) => [c.profileName, c.waId])).toEqual([
      ["Ben", from],
      ["Cy", to],
    ]);
  }, 60_000);
});

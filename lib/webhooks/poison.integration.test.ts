// One webhook whose secret cannot be opened (ENCRYPTION_KEY changed under its row) must not stop anyone
// else's deliveries: the dispatch batch commits, the other projects' receivers get their events, and only
// that webhook's deliveries fail, with the reason in the delivery log.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
process.env.WEBHOOK_RETRY_DELAYS_SECONDS = "1";

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { webhookInput } from "@/lib/testing/webhook-input";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { webhookJobs } from "./jobs";
import { createWebhook, rotateSecret } from "./mutations";
import { verifySignature } from "./signature";
import { type Sink, startSink } from "./test-sink";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
  await startJobs({ jobs: webhookJobs, loops: false });
});
afterAll(async () => {
  await stopJobs(2000);
  await sink.close();
});

async function setup(name: string) {
  const ctx = await makeProject({ name });
  const number = await makeNumber(ctx);
  const conv = await makeConversation(ctx, number.id, { name });
  const { webhook, secret } = await createWebhook(
    memberScope(ctx),
    memberActor(ctx),
    webhookInput({
      url: `${sink.url}/${name}`,
      events: ["whatsapp.message.received"],
      phoneNumber: number.phoneNumberId,
    }),
  );
  return { ctx, number, conv, webhook, secret };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function receive(s: Setup, text: string) {
  await db().$transaction(async (tx) => {
    const m = await tx.message.create({
      data: {
        projectId: s.ctx.projectId,
        conversationId: s.conv.id,
        phoneNumberId: s.number.id,
        wamid: `wamid.${randomBytes(8).toString("hex")}`,
        direction: "INBOUND",
        type: "text",
        content: { text: { body: text } },
        status: "RECEIVED",
        origin: "CUSTOMER",
      },
      select: { id: true, wamid: true },
    });
    await emit(tx, s.ctx.projectId, "whatsapp.message.received", {
      messageId: m.id,
      conversationId: s.conv.id,
      phoneNumberId: s.number.id,
      wamid: m.wamid ?? undefined,
      type: "text",
    });
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a webhook secret that cannot be decrypted", () => {
  it("fails only that webhook's deliveries, with the reason in the log; the others are delivered", async () => {
    const good = await setup("good");
    const bad = await setup("bad");
    // The row as it is after ENCRYPTION_KEY changed: sealed under a key this process does not have.
    await db().webhook.update({
      where: { id: bad.webhook.id },
      data: { secretEnc: encryptSecret("whsec_old", randomBytes(32).toString("base64")) },
    });
    // Both projects' events in one dispatch batch, the bad one first.
    await receive(bad, "to the broken hook");
    await receive(good, "to the working hook");
    await dispatchPending();
    await webhookDeliveriesIdle();

    await sink.waitFor(1, 5000);
    const got = sink.requests.filter((r) => r.path === "/hook/good");
    expect(got).toHaveLength(1);
    const r = got[0]!;
    expect(verifySignature(good.secret, r.body, r.headers["x-webhook-signature"] ?? "")).toBe(true);
    expect(sink.requests.filter((q) => q.path === "/hook/bad")).toHaveLength(0);

    // The bad one's delivery exists, was attempted, and says why it failed; it fails for good after the
    // (one) retry.
    await until(async () => {
      const d = await db().webhookDelivery.findFirst({ where: { webhookId: bad.webhook.id } });
      return d?.status === "failed";
    });
    const attempts = await db().webhookAttempt.findMany({
      where: { webhookId: bad.webhook.id },
      orderBy: { attempt: "asc" },
    });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    for (const a of attempts) {
      expect(a.ok).toBe(false);
      expect(a.statusCode).toBeNull();
      expect(a.error).toMatch(/secret_unreadable.*ENCRYPTION_KEY/);
      expect(JSON.stringify(a.requestHeaders)).not.toContain("x-webhook-signature");
    }
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { webhookId: bad.webhook.id } });
    expect(d.lastError).toMatch(/secret_unreadable/);

    // The dispatch cursor moved past both events: later events of the good project keep flowing.
    await receive(good, "still flowing");
    await dispatchPending();
    await webhookDeliveriesIdle();
    expect(sink.requests.filter((q) => q.path === "/hook/good")).toHaveLength(2);

    // Rotating the broken webhook's secret heals it.
    const { secret } = await rotateSecret(memberScope(bad.ctx), memberActor(bad.ctx), {
      webhookId: bad.webhook.id,
    });
    await receive(bad, "after the rotation");
    await dispatchPending();
    await webhookDeliveriesIdle();
    const healed = sink.requests.filter((q) => q.path === "/hook/bad");
    expect(healed).toHaveLength(1);
    expect(verifySignature(secret, healed[0]!.body, healed[0]!.headers["x-webhook-signature"] ?? "")).toBe(
      true,
    );
  });
});

describe("a receiver that answers with a NUL byte", () => {
  it("is recorded (the byte left out of the log), and so is the rest of its recording batch", async () => {
    const nul = await setup("nul");
    const other = await setup("other");
    sink.respond = (req) => (req.path === "/hook/nul" ? { status: 200, body: "ok\u0000done" } : 200);
    try {
      await receive(nul, "to the NUL answerer");
      await receive(other, "to its neighbour");
      await dispatchPending();
      await webhookDeliveriesIdle();
      for (const s of [nul, other]) {
        const d = await db().webhookDelivery.findFirstOrThrow({ where: { webhookId: s.webhook.id } });
        expect(d.status).toBe("succeeded");
      }
      const a = await db().webhookAttempt.findFirstOrThrow({ where: { webhookId: nul.webhook.id } });
      expect(a.responseBody).toBe("okdone");
    } finally {
      sink.respond = () => 200;
    }
  });
});

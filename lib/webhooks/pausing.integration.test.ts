// Automatic pausing at its exact threshold, with the notice emailed to every member through a real
// local SMTP server (smtp-server) and nodemailer.

import { SMTPServer } from "smtp-server";
import { freePort } from "@/lib/testing/free-port";
import { webhookInput } from "@/lib/testing/webhook-input";

const smtpPort = await freePort();
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
// No retries inside the test: every delivery is one attempt.
process.env.WEBHOOK_RETRY_DELAYS_SECONDS = "3600";

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectContext } from "@/lib/auth/project-id";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import {
  makeConversation,
  makeMember,
  makeNumber,
  makeProject,
  memberActor,
  memberScope,
} from "@/prisma/factories";
import { webhookDeliveriesIdle } from "./deliver";
import { webhookJobs } from "./jobs";
import { createWebhook, updateWebhook } from "./mutations";
import { type Sink, startSink } from "./test-sink";

interface Mail {
  from: string;
  to: string[];
  data: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let sink: Sink;
let ctx: ProjectContext;
let number: Awaited<ReturnType<typeof makeNumber>>;
let members: string[];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c: Buffer) => {
        data += c.toString("utf8");
      });
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(smtpPort, "127.0.0.1", r));
  sink = await startSink();
  await startJobs({ jobs: webhookJobs, loops: false });
  ctx = await makeProject();
  const admin = await makeMember(ctx, "ADMIN");
  const member = await makeMember(ctx, "MEMBER");
  members = [ctx.user.email, admin.user.email, member.user.email];
  number = await makeNumber(ctx);
});
afterAll(async () => {
  await stopJobs(2000);
  await sink.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

async function webhookTo(path: string) {
  return createWebhook(
    memberScope(ctx),
    memberActor(ctx),
    webhookInput({
      url: `http://127.0.0.1:${sink.port}${path}`,
      events: ["whatsapp.message.received"],
      phoneNumber: number.phoneNumberId,
    }),
  );
}

/** `n` customer messages, each in its own conversation (no ordering waits), then every delivery done. */
async function messages(n: number) {
  const convs = await Promise.all(Array.from({ length: n }, () => makeConversation(ctx, number.id)));
  await db().$transaction(async (tx) => {
    for (const c of convs) {
      const m = await tx.message.create({
        data: {
          projectId: ctx.projectId,
          conversationId: c.id,
          phoneNumberId: number.id,
          wamid: `wamid.${randomBytes(8).toString("hex")}`,
          direction: "INBOUND",
          type: "text",
          content: { text: { body: "hi" } },
          status: "RECEIVED",
          origin: "CUSTOMER",
        },
        select: { id: true },
      });
      await emit(tx, ctx.projectId, "whatsapp.message.received", {
        messageId: m.id,
        conversationId: c.id,
        phoneNumberId: number.id,
        type: "text",
      });
    }
  });
  await dispatchPending();
  await webhookDeliveriesIdle();
}

async function waitForMail(n: number) {
  const end = Date.now() + 10_000;
  while (mails.length < n) {
    if (Date.now() > end) throw new Error(`got ${mails.length} emails of ${n}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("automatic pausing", () => {
  it("pauses exactly when 20 deliveries in 15 minutes are more than 85% failures, and emails every member", async () => {
    const { webhook } = await webhookTo("/fail");
    sink.respond = (r) => (r.path === "/fail" ? 500 : 200);
    await messages(19);
    let w = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(await db().webhookAttempt.count({ where: { webhookId: webhook.id, ok: false } })).toBe(19);
    expect(w.pausedAt).toBeNull();
    expect(mails).toHaveLength(0);

    await messages(1);
    w = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(w.pausedAt).not.toBeNull();
    expect(w.pausedReason).toContain("20 of 20");
    await waitForMail(members.length);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([...members].sort());
    expect(mails[0]?.data).toContain("Webhook paused");
    expect(mails[0]?.data).toContain(`127.0.0.1:${sink.port}/fail`);

    // Paused: new events make no deliveries for it; an admin turns it on again.
    await messages(1);
    expect(await db().webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(20);
    const resumed = await updateWebhook(memberScope(ctx), memberActor(ctx), {
      webhookId: webhook.id,
      active: true,
    });
    expect(resumed.status).toBe("active");
    expect(resumed.paused_reason).toBeNull();
    // The failures that paused it are history: one more failure after turning it on does not pause it
    // again (it did, at once, when the window still counted them).
    await messages(1);
    w = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(await db().webhookAttempt.count({ where: { webhookId: webhook.id, ok: false } })).toBe(21);
    expect(w.pausedAt).toBeNull();
    await updateWebhook(memberScope(ctx), memberActor(ctx), { webhookId: webhook.id, active: false });
  }, 60_000);

  it("does not pause at exactly 85% (17 of 20), and pauses at the next failure (18 of 21)", async () => {
    const { webhook } = await webhookTo("/flaky");
    let failing = false;
    sink.respond = (r) => (r.path === "/flaky" && failing ? 500 : 200);
    await messages(3);
    failing = true;
    await messages(17);
    let w = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(await db().webhookAttempt.count({ where: { webhookId: webhook.id } })).toBe(20);
    expect(w.pausedAt).toBeNull();
    await messages(1);
    w = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(w.pausedAt).not.toBeNull();
    expect(w.pausedReason).toContain("18 of 21");
    await waitForMail(members.length * 2);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { type NumberWithSecrets, numberByMetaId } from "@/lib/numbers/credentials";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import { freePort } from "@/lib/testing/free-port";
import { makeProject } from "@/prisma/factories";
import { templateReviewJob } from "./jobs";
import { reviewTemplate, revisionOf } from "./review-mutations";

// The simulator's template review is a durable job: a server killed (-9) after accepting a template, and
// before its review was due, leaves the template PENDING with the review still armed in the database; the
// next server process reviews it and delivers Meta's status webhook. A failed delivery rolls the verdict
// back for a retry, and an edit made meanwhile voids the review of the revision before it.

const PORT = await freePort();
const REVIEW_MS = 2500;
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.SANDBOX_TEMPLATE_REVIEW_MS = String(REVIEW_MS);

let number: NumberWithSecrets;
const children: ReturnType<typeof spawnTs>[] = [];

async function startServer() {
  const child = spawnTs("lib/testing/sandbox-review-child.ts", [String(PORT)]);
  children.push(child);
  await waitForOutput(child, "READY", 60_000);
  return child;
}

beforeAll(async () => {
  const ctx = await makeProject();
  const row = await db().phoneNumber.findFirstOrThrow({
    where: { projectId: ctx.projectId, kind: "SANDBOX" },
  });
  number = (await numberByMetaId(row.phoneNumberId))!;
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await Promise.all(children.map(exited));
});

const createTemplate = async (name: string, text: string) => {
  const res = await fetch(
    `http://127.0.0.1:${PORT}/api/sandbox/graph/v24.0/${number.wabaId}/message_templates`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${number.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        name,
        language: "en_US",
        category: "MARKETING",
        components: [{ type: "BODY", text }],
      }),
    },
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { id: string }).id;
};

const statusOf = async (id: string) =>
  (await db().sandboxTemplate.findUniqueOrThrow({ where: { id } })).status;
const reviewJobs = (id: string) =>
  db().$queryRaw<{ state: string }[]>`
    SELECT state::text FROM pgboss.job WHERE name = ${templateReviewJob.name} AND data->>'templateId' = ${id}`;
const statusWebhooks = (id: string) =>
  db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "WebhookEvent"
    WHERE body::text LIKE '%message_template_status_update%' AND body::text LIKE ${`%"message_template_id": ${id}%`}`;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the simulator's template review", () => {
  it("survives a kill -9 of the server that accepted the template: the next process reviews it", async () => {
    const first = await startServer();
    const id = await createTemplate("after_restart", "Spring prices are here, come and see them.");
    first.kill("SIGKILL");
    await exited(first);

    // Past its time with no server running: still PENDING, its review armed in the database.
    await new Promise((r) => setTimeout(r, REVIEW_MS + 500));
    expect(await statusOf(id)).toBe("PENDING");
    expect(await reviewJobs(id)).toEqual([{ state: "created" }]);

    await startServer();
    expect(
      await until(
        () => statusOf(id),
        (s) => s === "APPROVED",
        20_000,
      ),
    ).toBe("APPROVED");
    expect(await reviewJobs(id)).toEqual([{ state: "completed" }]);
    // Meta's status webhook reached the app's receiver, once.
    expect(Number((await statusWebhooks(id))[0]?.n)).toBe(1);
  }, 120_000);

  it("rolls the verdict back when its webhook cannot be delivered, and voids a review an edit superseded", async () => {
    const server = children.at(-1)!;
    const id = await createTemplate("edited_meanwhile", "Our spring shop opens on Monday morning.");
    const before = await db().sandboxTemplate.findUniqueOrThrow({ where: { id } });
    server.kill("SIGKILL");
    await exited(server);

    // No receiver is listening: the delivery fails, the verdict is not kept, the job would be retried.
    await expect(db().$transaction((tx) => reviewTemplate(tx, id, revisionOf(before)))).rejects.toThrow();
    expect(await statusOf(id)).toBe("PENDING");

    // An edit makes a new revision (and arms its own review): the old revision's review does nothing.
    const edited = await db().sandboxTemplate.update({
      where: { id },
      data: { components: [{ type: "BODY", text: "Our spring shop opens on Tuesday morning." }] },
    });
    expect(revisionOf(edited)).not.toBe(revisionOf(before));
    expect(await db().$transaction((tx) => reviewTemplate(tx, id, revisionOf(before)))).toBe("superseded");
    expect(await statusOf(id)).toBe("PENDING");
  }, 60_000);

  it("reviews a display-name request made just before a kill -9, in the next process", async () => {
    const first = await startServer();
    const res = await fetch(`http://127.0.0.1:${PORT}/api/sandbox/graph/v24.0/${number.phoneNumberId}`, {
      method: "POST",
      headers: { authorization: `Bearer ${number.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ new_display_name: "Acme Flowers" }),
    });
    expect(res.status, await res.text()).toBe(200);
    first.kill("SIGKILL");
    await exited(first);
    const state = async () =>
      ((await db().sandboxNumberState.findUnique({ where: { phoneNumberId: number.phoneNumberId } }))?.data ??
        {}) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, REVIEW_MS + 500));
    expect(await state()).toMatchObject({ new_name_status: "PENDING_REVIEW" });

    await startServer();
    const done = await until(state, (s) => s.new_name_status === "APPROVED", 20_000);
    expect(done).toMatchObject({ new_name_status: "APPROVED", verified_name: "Acme Flowers" });
    const webhooks = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "WebhookEvent"
      WHERE body::text LIKE '%phone_number_name_update%' AND body::text LIKE '%Acme Flowers%'`;
    expect(Number(webhooks[0]?.n)).toBe(1);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject } from "@/prisma/factories";
import { syncTemplatesJob } from "./jobs";
import { templatesSubscriber } from "./subscriber";

// Template sync as a job: a new number's event queues it (in the dispatch transaction), the worker runs
// it against the simulator over real HTTP, and the sync's own change events queue nothing more.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer(PORT);
});
afterAll(async () => {
  await stopJobs(2000);
  await server.close();
});

const queued = (projectId: string) =>
  db().$queryRaw<{ state: string }[]>`
    SELECT state::text FROM pgboss.job WHERE name = ${syncTemplatesJob.name} AND singleton_key = ${projectId}`;

describe("template sync job", () => {
  it("is queued once for a new number, runs, and is not re-queued by its own changes", async () => {
    await dispatchPending({ subscribers: [templatesSubscriber] });
    const ctx = await makeProject(); // its sandbox number emits whatsapp.phone_number.created
    await dispatchPending({ subscribers: [templatesSubscriber] });
    expect(await queued(ctx.projectId)).toHaveLength(1);

    // Other test files' projects queued syncs of their own in this database; only this one matters here.
    await db().$executeRaw`
      DELETE FROM pgboss.job WHERE name = ${syncTemplatesJob.name} AND singleton_key <> ${ctx.projectId}`;
    // A new sandbox number already has its starter templates; start from none so the sync stores them.
    await db().messageTemplate.deleteMany({ where: { projectId: ctx.projectId } });
    await startJobs({ jobs: [syncTemplatesJob], loops: false });
    await expect
      .poll(() => db().messageTemplate.count({ where: { projectId: ctx.projectId } }), { timeout: 30_000 })
      .toBe(2);
    await expect
      .poll(async () => (await queued(ctx.projectId))[0]?.state, { timeout: 10_000 })
      .toBe("completed");
    // The sync announced the new templates (for open pages) without asking for another sync.
    const announced = await db().domainEvent.count({
      where: { projectId: ctx.projectId, type: "whatsapp.template.updated" },
    });
    expect(announced).toBe(2);
    await dispatchPending({ subscribers: [templatesSubscriber] });
    expect(await queued(ctx.projectId)).toHaveLength(1);
  }, 60_000);

  it("a burst of template webhooks for a project waits as one sync", async () => {
    const ctx = await makeProject();
    await dispatchPending({ subscribers: [templatesSubscriber] });
    await db().$executeRaw`DELETE FROM pgboss.job WHERE singleton_key = ${ctx.projectId}`;
    for (let i = 0; i < 3; i++) {
      await db().$transaction((tx) =>
        emit(tx, ctx.projectId, "whatsapp.template.updated", {
          templateId: `t${i}`,
          field: "message_template_status_update",
        }),
      );
      await dispatchPending({ subscribers: [templatesSubscriber] });
    }
    expect(await queued(ctx.projectId)).toHaveLength(1);
  });
});

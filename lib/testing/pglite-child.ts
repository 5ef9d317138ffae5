// The events and jobs spines on the embedded database (spawned by pglite.integration.test.ts with no
// DATABASE_URL): migrations, emit + dispatch with a lower id held back, enqueue inside a transaction
// (rolled back and committed), and a timer run by pg-boss on PGlite. Prints OK or throws.
import assert from "node:assert/strict";
import { loadEnv } from "@/lib/env";

loadEnv();
const { db, closeDatabase } = await import("@/lib/db/client");
const { initDatabase } = await import("@/lib/db/init");
const { dispatchPending } = await import("@/lib/events/dispatcher");
const { emit } = await import("@/lib/events/outbox");
const { startJobs, stopJobs } = await import("@/lib/boot/jobs-runtime");
const { enqueue, runAt } = await import("@/lib/jobs/enqueue");
const { recordJob, timerJob, JOB_SINK_DDL } = await import("./test-jobs");

await initDatabase(() => {});
await db().$executeRawUnsafe(JOB_SINK_DDL);
await startJobs({ jobs: [recordJob, timerJob], loops: false });

const seen: bigint[] = [];
const sub = {
  name: "pglite-test",
  async handle(_tx: unknown, events: { id: bigint }[]) {
    for (const e of events) seen.push(e.id);
  },
};
await dispatchPending({ subscribers: [sub] });
await db().$transaction(async (tx) => {
  await emit(tx, "p1", "conversation.reopened", { conversationId: "c", phoneNumberId: "pn" });
  await emit(tx, "p1", "conversation.reopened", { conversationId: "c", phoneNumberId: "pn" });
});
const r = await dispatchPending({ subscribers: [sub] });
assert.equal(r.handled, 2);
assert.equal(seen.length, 2);

await assert.rejects(
  db().$transaction(async (tx) => {
    await enqueue(recordJob, { tag: "rolled" }, {}, tx);
    throw new Error("rollback");
  }),
);
await db().$transaction((tx) => enqueue(recordJob, { tag: "kept" }, {}, tx));
await runAt(timerJob, { tag: "timer" }, new Date(Date.now() + 1500), "pglite-timer");

const tags = async () =>
  (await db().$queryRaw<{ tag: string }[]>`SELECT tag FROM test_job_sink ORDER BY seq`).map((x) => x.tag);
const until = Date.now() + 15_000;
while (!(await tags()).includes("timer") && Date.now() < until)
  await new Promise((res) => setTimeout(res, 200));
assert.deepEqual((await tags()).sort(), ["kept", "timer"]);

await stopJobs(2000);
await closeDatabase();
console.log("OK");
process.exit(0);

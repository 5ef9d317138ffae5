import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import { JOB_SINK_DDL, recordJob, timerJob } from "@/lib/testing/test-jobs";
import { enqueue, JobDataError, runAt } from "./enqueue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runs = (tag: string) =>
  db().$queryRaw<{ ran_at: Date; pid: number }[]>`
    SELECT ran_at, pid FROM test_job_sink WHERE tag = ${tag} ORDER BY seq`;

beforeAll(async () => {
  await db().$executeRawUnsafe(JOB_SINK_DDL);
});
afterEach(async () => {
  await stopJobs(2000);
});

describe("jobs", () => {
  it("a job enqueued in a transaction that rolls back never exists, and one that commits runs once", async () => {
    await startJobs({ jobs: [recordJob], loops: false });
    const tag = `t-${Date.now()}`;
    await expect(
      db().$transaction(async (tx) => {
        await enqueue(recordJob, { tag: `${tag}-rolled` }, {}, tx);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await db().$transaction((tx) => enqueue(recordJob, { tag: `${tag}-kept` }, {}, tx));

    await expect.poll(async () => (await runs(`${tag}-kept`)).length, { timeout: 10_000 }).toBe(1);
    // Longer than a polling interval after the kept one ran: the rolled-back one would have run by now.
    await sleep(2500);
    expect(await runs(`${tag}-rolled`)).toEqual([]);
    const rows = await db().$queryRaw<unknown[]>`
      SELECT 1 FROM pgboss.job WHERE data->>'tag' = ${`${tag}-rolled`}`;
    expect(rows).toEqual([]);
    expect(await runs(`${tag}-kept`)).toHaveLength(1);
  });

  it("refuses data its job does not declare, naming the field", async () => {
    await expect(enqueue(recordJob, { tag: "" })).rejects.toThrow(JobDataError);
    await expect(enqueue(recordJob, { tag: "" })).rejects.toThrow(/tag/);
    await expect(runAt(recordJob, { tag: "x" }, new Date(Date.now() + 8 * 86_400_000), "k")).rejects.toThrow(
      /7 days/,
    );
  });

  it("a timer fires once, at its time, after the worker that was running is killed and another starts", async () => {
    const child = spawnTs("lib/testing/jobs-child.ts", []);
    await waitForOutput(child, "READY");
    const tag = `timer-${Date.now()}`;
    const at = new Date(Date.now() + 5000);
    const id = await db().$transaction((tx) => runAt(timerJob, { tag }, at, tag, tx));
    expect(id).toBeTruthy();
    // The same timer armed again is the same job.
    expect(await runAt(timerJob, { tag }, at, tag)).toBeNull();

    await sleep(1000);
    child.kill("SIGKILL");
    await exited(child);
    await startJobs({ jobs: [timerJob], loops: false });

    await expect.poll(async () => (await runs(tag)).length, { timeout: 15_000, interval: 100 }).toBe(1);
    const [run] = await runs(tag);
    expect(run?.pid).toBe(process.pid);
    const lateMs = (run?.ran_at.getTime() ?? 0) - at.getTime();
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(2500);
    await sleep(2000);
    expect(await runs(tag)).toHaveLength(1);
  }, 40_000);
});

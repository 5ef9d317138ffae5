import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { defineJob } from "@/lib/jobs/define";
import { enqueue, runAt } from "@/lib/jobs/enqueue";
import { startScheduled, stillSending } from "./run-store";
import { runSlice } from "./sender";

// Sending runs as a chain of short slices. Each slice first arms a watchdog timer (a durable runAt)
// for after its own end plus the lease: if the process dies mid-slice, the watchdog finds the lease
// expired and carries on; if the slice ended normally, the next slice holds the lease and the
// watchdog does nothing. A schedule is a runAt of the first slice.

export const SLICE_MS = 5000;
const WATCHDOG_MS = SLICE_MS + 5000 + 2000;
/** How long one job run keeps slicing before handing over (well inside its 120 s expiry). */
const RUN_MS = 60_000;

const data = z.object({
  broadcastId: z.string().min(1),
  generation: z.number().int().min(0),
  tick: z.number().int().min(0),
});
type RunData = z.infer<typeof data>;

export const runBroadcastJob = defineJob<RunData>({
  name: "broadcasts.run",
  data,
  retry: { limit: 1, delaySeconds: 2 },
  expireInSeconds: 120,
  pollingIntervalSeconds: 0.5,
  async run(d) {
    await startScheduled(d.broadcastId, d.generation);
    // Slices follow each other in this run for up to RUN_MS (each armed with its own watchdog), instead
    // of each waiting for the queue's next poll; then the run hands over to a fresh job.
    const started = Date.now();
    let tick = d.tick;
    for (;;) {
      if (!(await stillSending(d.broadcastId, d.generation))) return "not sending";
      await runAt(
        runBroadcastJob,
        { ...d, tick: tick + 1 },
        new Date(Date.now() + WATCHDOG_MS),
        `w:${d.broadcastId}:${d.generation}:${tick}`,
      );
      const r = await runSlice(d.broadcastId, { maxMs: SLICE_MS });
      tick++;
      if (r !== "continue") return r;
      if (Date.now() - started >= RUN_MS) {
        await enqueue(runBroadcastJob, { ...d, tick }, { id: undefined });
        return r;
      }
    }
  },
});

/** Starts sending now (inside the caller's transaction). */
export function enqueueSend(broadcastId: string, generation: number, tx: Prisma.TransactionClient) {
  return enqueue(runBroadcastJob, { broadcastId, generation, tick: 0 }, {}, tx);
}

/** Arms the first slice at `at` (a durable timer; a new generation makes an older one do nothing). */
export function scheduleSend(
  broadcastId: string,
  generation: number,
  at: Date,
  tx: Prisma.TransactionClient,
) {
  return runAt(
    runBroadcastJob,
    { broadcastId, generation, tick: 0 },
    at,
    `s:${broadcastId}:${generation}`,
    tx,
  );
}

export const broadcastJobs = [runBroadcastJob];

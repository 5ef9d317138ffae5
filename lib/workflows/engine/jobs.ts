import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { advanceExecution } from "./runner";
import { requeueStale } from "./transition-mutations";

// The engine's jobs: the runner (one per wake-up of an execution) and the sweep that finds executions a
// killed worker left RUNNING. Wait timers are rows fired by a loop (timers.ts, in engineLoops).

export const advanceJob = defineJob({
  name: "workflows.advance",
  data: z.object({ executionId: z.string().min(1) }),
  // A step that met a busy conversation (another send in flight) is tried again after a pause.
  retry: { limit: 8, delaySeconds: 1, backoff: true },
  expireInSeconds: 120,
  pollingIntervalSeconds: 0.5,
  concurrency: 4,
  batchSize: 10,
  run: ({ executionId }) => advanceExecution(executionId),
});

/** Every minute: executions RUNNING with no progress for a minute get their runner queued again. */
export const sweepExecutionsJob = defineJob({
  name: "workflows.sweep-executions",
  data: z.object({}),
  schedule: "* * * * *",
  scheduleData: {},
  run: () => requeueStale(60_000),
});

/** Queues the runner now (or after `delaySeconds`), outside any transaction. */
export function requestAdvanceNow(executionId: string, delaySeconds?: number) {
  return enqueue(advanceJob, { executionId }, delaySeconds ? { startAfter: delaySeconds } : {});
}

export const engineJobs = [advanceJob, sweepExecutionsJob];

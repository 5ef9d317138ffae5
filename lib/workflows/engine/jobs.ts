import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { requeueStale, timeoutWait } from "./execution-mutations";
import { advanceExecution } from "./runner";

// The engine's jobs: the runner (one per wake-up of an execution), the durable timer of a wait, and the
// sweep that finds executions a killed worker left RUNNING.

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

export const waitTimeoutJob = defineJob({
  name: "workflows.wait-timeout",
  data: z.object({ executionId: z.string().min(1), stepCount: z.number().int().nonnegative() }),
  // Resuming (status, variables, the runner's job) commits with the job's completion: once.
  transactional: true,
  pollingIntervalSeconds: 0.5,
  concurrency: 4,
  batchSize: 25,
  async run({ executionId, stepCount }, { tx }) {
    if (!tx) throw new Error("workflows.wait-timeout runs in its transaction");
    return timeoutWait(tx, executionId, stepCount);
  },
});

/** Every minute: executions RUNNING with no progress for a minute get their runner queued again. */
export const sweepExecutionsJob = defineJob({
  name: "workflows.sweep-executions",
  data: z.object({}),
  schedule: "* * * * *",
  scheduleData: {},
  run: () => requeueStale(60_000),
});

/** Queues the runner now, outside any transaction. */
export function requestAdvanceNow(executionId: string) {
  return enqueue(advanceJob, { executionId });
}

export const engineJobs = [advanceJob, waitTimeoutJob, sweepExecutionsJob];

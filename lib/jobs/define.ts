import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";

// A job is declared beside its domain (lib/<domain>/jobs.ts) and collected by lib/boot/platform.ts.
// Domains enqueue with lib/jobs/enqueue.ts; only the runtime (lib/boot/jobs-runtime.ts) talks to pg-boss's workers.

export interface RetryPolicy {
  /** Attempts after the first (default 2). */
  limit?: number;
  /** Seconds before a retry (default 0; with backoff, the base of an exponential delay). */
  delaySeconds?: number;
  backoff?: boolean;
}

export interface JobContext {
  jobId: string;
  /** How many times this job ran before (0 on the first attempt). */
  retryCount: number;
  /**
   * Set for `transactional` jobs: the transaction that also marks the job completed, so what the job
   * writes through it happens exactly once even if the worker is killed half-way.
   */
  tx?: Prisma.TransactionClient;
}

export interface JobDefinition<T = unknown> {
  /** Queue name, `<domain>.<verb>`. */
  name: string;
  /** The payload, checked when enqueued and again when run. */
  data: z.ZodType<T>;
  run(data: T, ctx: JobContext): Promise<unknown>;
  /** A cron (UTC) on which the runtime enqueues `scheduleData`. */
  schedule?: string;
  scheduleData?: T;
  /**
   * pg-boss queue policy. `short` keeps at most one waiting job per singletonKey (a burst of requests for
   * the same thing runs once); `standard` (default) keeps every job.
   */
  policy?: "standard" | "short" | "singleton" | "stately";
  retry?: RetryPolicy;
  /** A running job not finished after this long is presumed dead and retried (default 300). */
  expireInSeconds?: number;
  /** How often an idle worker looks for due jobs (default 2; timers use 0.5). */
  pollingIntervalSeconds?: number;
  transactional?: boolean;
  /** Workers of this queue in each process (default 1). */
  concurrency?: number;
  /**
   * Jobs a worker takes per fetch (default 1), run one after another. pg-boss's worker waits its polling
   * interval between fetches, so a queue that must drain fast (timers) takes several at a time.
   */
  batchSize?: number;
}

/** Declares a job; the identity function exists so `data`'s type flows into `run`. */
export function defineJob<T>(def: JobDefinition<T>): JobDefinition<T> {
  return def;
}

/**
 * Work a worker process does in a loop rather than as queued jobs (the workflow engine's wait timers):
 * `tick` does what is due and says how many milliseconds to sleep before the next tick. The runtime runs
 * one per process (started with the jobs, stopped before them); state must live in the database, since
 * any process may tick and any may die.
 */
export interface LoopDefinition {
  name: string;
  tick(): Promise<number>;
}

export function defineLoop(def: LoopDefinition): LoopDefinition {
  return def;
}

import "@/lib/server-only";
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { JobDefinition, RetryPolicy } from "./define";

type Tx = Prisma.TransactionClient;

export const BOSS_SCHEMA = "pgboss";

export interface EnqueueOptions {
  /** When the job may run: a time, or seconds from now. */
  startAfter?: Date | number;
  /** With a `short` queue policy, at most one waiting job per key. */
  singletonKey?: string;
  retry?: RetryPolicy;
  /** A stable id (see `runAt`): enqueueing the same id twice keeps the first. */
  id?: string;
}

export class JobDataError extends Error {}

// A pg-boss instance that is never started: it only builds and runs pg-boss's own INSERT, through the
// connection we hand it per call (the caller's transaction, or the pool).
let sender: PgBoss | undefined;
function boss(): PgBoss {
  sender ??= new PgBoss({
    schema: BOSS_SCHEMA,
    db: {
      executeSql: () => Promise.reject(new Error("the job sender runs SQL only through a given connection")),
    },
  });
  return sender;
}

function through(client: Tx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      return { rows: await client.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values) };
    },
  };
}

/**
 * Queues a job. Inside a transaction (`tx`), the job row is written by that transaction: it exists if and
 * only if the transaction commits. Returns the job id, or null when an identical job was already waiting
 * (same `id`, or same singletonKey on a `short` queue).
 */
export async function enqueue<T>(
  job: JobDefinition<T>,
  data: T,
  options: EnqueueOptions = {},
  tx?: Tx,
): Promise<string | null> {
  const parsed = job.data.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(data)"}: ${i.message}`).join("; ");
    throw new JobDataError(`Job ${job.name}: invalid data (${issues})`);
  }
  const client = tx ?? db();
  const retry = { ...job.retry, ...options.retry };
  // pg-boss checks an option as soon as its key is present, so only set ones are passed.
  const sendOptions = Object.fromEntries(
    Object.entries({
      id: options.id,
      startAfter:
        typeof options.startAfter === "number"
          ? Math.max(1, Math.ceil(options.startAfter))
          : options.startAfter,
      singletonKey: options.singletonKey,
      retryLimit: retry.limit,
      retryDelay: retry.delaySeconds,
      retryBackoff: retry.backoff,
      expireInSeconds: job.expireInSeconds ?? 300,
    }).filter(([, v]) => v !== undefined),
  );
  // The payload goes as JSON text (pg-boss casts it to jsonb), so no driver has to guess its type.
  const id = await boss().send(
    job.name,
    JSON.stringify(parsed.data ?? null) as unknown as object,
    {
      ...sendOptions,
      db: through(client),
    } as PgBoss.SendOptions,
  );
  if (id) return id;
  // pg-boss inserts nothing, silently, into a queue that does not exist: say so instead.
  const queue = await client.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM ${BOSS_SCHEMA}.queue WHERE name = $1`,
    job.name,
  );
  if (queue.length === 0)
    throw new Error(
      `Job queue ${job.name} does not exist: it is created when a worker starts (WORKERS=1|only).`,
    );
  return null;
}

/**
 * Queues one job per payload in a single INSERT (inside `tx`: only if it commits). For work that fans
 * out by the hundred, such as the runners of the waits a timer sweep resumed together.
 */
export async function enqueueMany<T>(job: JobDefinition<T>, items: T[], tx?: Tx): Promise<void> {
  if (items.length === 0) return;
  const retry = job.retry ?? {};
  const rows = items.map((data) => {
    const parsed = job.data.safeParse(data);
    if (!parsed.success) throw new JobDataError(`Job ${job.name}: invalid data (${parsed.error.message})`);
    return Object.fromEntries(
      Object.entries({
        name: job.name,
        data: parsed.data ?? null,
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: retry.backoff,
        expireInSeconds: job.expireInSeconds ?? 300,
      }).filter(([, v]) => v !== undefined),
    );
  });
  await boss().insert(rows as unknown as PgBoss.JobInsert[], { db: through(tx ?? db()) } as never);
}

/** Longest wait a timer accepts. */
export const MAX_TIMER_MS = 7 * 24 * 3600 * 1000;

/** A stable job id for a timer key, so scheduling the same timer twice arms it once. */
export function timerId(jobName: string, key: string): string {
  const h = createHash("sha256").update(`${jobName}\u0000${key}`).digest("hex");
  // Shaped as a version-5-style UUID (pg-boss ids are uuid).
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A durable timer: runs `job` with `data` once, at `at` (up to seven days ahead; a past time runs now).
 * It survives restarts (the job row is in the database) and, given the same `key`, is armed only once.
 * Inside a transaction it exists only if that transaction commits.
 */
export async function runAt<T>(
  job: JobDefinition<T>,
  data: T,
  at: Date,
  key: string,
  tx?: Tx,
): Promise<string | null> {
  if (!(at instanceof Date) || Number.isNaN(at.getTime()))
    throw new JobDataError("runAt: at must be a valid Date");
  if (at.getTime() - Date.now() > MAX_TIMER_MS) throw new JobDataError("runAt: at is more than 7 days ahead");
  return enqueue(job, data, { startAfter: at, id: timerId(job.name, key) }, tx);
}

import "@/lib/server-only";
import PgBoss from "pg-boss";
import { db, dbInfra } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startDispatcherLoop } from "@/lib/events/dispatcher";
import { processStalePending } from "@/lib/ingest/process";
import type { JobDefinition, LoopDefinition } from "@/lib/jobs/define";
import { BOSS_SCHEMA } from "@/lib/jobs/enqueue";
import { drainReadyBacklog } from "@/lib/messages/status-mutations";

// The job runtime (pg-boss workers). Only server.ts and tests start it; domains declare jobs in
// lib/<domain>/jobs.ts and enqueue them with lib/jobs/enqueue.ts.

// Safety nets that need a shorter period than a cron minute: webhook events a crash left unprocessed
// and outbox events not yet dispatched. The hot path does both immediately; these only catch up.
async function startLoops(): Promise<() => Promise<void>> {
  const stopDispatcher = await startDispatcherLoop({ intervalMs: 1000 });
  let busy = false;
  const sweep = setInterval(() => {
    if (busy) return;
    busy = true;
    Promise.all([processStalePending(), drainReadyBacklog()])
      .catch((e: unknown) => console.error("[jobs] webhook sweep:", (e as Error).message))
      .finally(() => {
        busy = false;
      });
  }, 2000);
  sweep.unref();
  return async () => {
    clearInterval(sweep);
    await stopDispatcher();
  };
}

/** Runs each loop: tick, sleep what it asked, tick again; a failing tick is logged and retried in a second. */
function startWorkerLoops(loops: readonly LoopDefinition[]): () => Promise<void> {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const schedule = (loop: LoopDefinition, ms: number) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      const p = loop
        .tick()
        .then(
          (next) => schedule(loop, next),
          (e: unknown) => {
            console.error(`[jobs] ${loop.name}:`, (e as Error).message);
            schedule(loop, 1000);
          },
        )
        .finally(() => running.delete(p));
      running.add(p);
    }, ms);
    timers.add(t);
  };
  for (const loop of loops) schedule(loop, 0);
  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    await Promise.all([...running]);
  };
}

type JobsState = {
  boss: PgBoss;
  status: "up" | "down";
  lastError?: string;
  stopLoops: () => Promise<void>;
};
const g = globalThis as unknown as { __switchboardJobs?: JobsState };

// How often pg-boss retries the jobs a killed worker left active once they expire (its default, 120 s,
// added up to two minutes to every expiry). One process in the cluster does it per interval: two scans
// of the job table (expire, archive).
const MAINTENANCE_SECONDS = 15;

function makeBoss(): PgBoss {
  const infra = dbInfra();
  if (infra.pool) {
    // Its own small pool: a burst of jobs must not starve web requests.
    return new PgBoss({
      connectionString: env().DATABASE_URL,
      max: 4,
      schema: BOSS_SCHEMA,
      maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    });
  }
  // Embedded database: pg-boss runs its SQL through the same PGlite instance.
  const pglite = infra.pglite!;
  return new PgBoss({
    schema: BOSS_SCHEMA,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return results[results.length - 1] ?? { rows: [] };
      },
    },
  });
}

type BossJob = PgBoss.JobWithMetadata<unknown>;

/** Runs one job. A transactional job completes itself in its own transaction (see JobContext.tx). */
async function runJob(def: JobDefinition<unknown>, job: BossJob): Promise<unknown> {
  const data = def.data.parse(job.data);
  if (!def.transactional) return def.run(data, { jobId: job.id, retryCount: job.retryCount });
  return db().$transaction(
    async (tx) => {
      const out = await def.run(data, { jobId: job.id, retryCount: job.retryCount, tx });
      // Fenced on retry_count: if this attempt expired and another worker took the job, this commit
      // must not happen, or the work would be done twice.
      const done = await tx.$executeRawUnsafe(
        `UPDATE ${BOSS_SCHEMA}.job SET state = 'completed', completed_on = now()
         WHERE name = $1 AND id = $2::uuid AND state = 'active' AND retry_count = $3`,
        def.name,
        job.id,
        job.retryCount,
      );
      if (done !== 1) throw new Error(`job ${def.name} ${job.id} is no longer ours to complete`);
      return out;
    },
    { maxWait: 10_000, timeout: (def.expireInSeconds ?? 300) * 1000 },
  );
}

export interface StartJobsOptions {
  /** The jobs to run: server.ts passes every job (lib/boot/platform.ts), tests their own. */
  jobs: readonly JobDefinition<unknown>[];
  /** Also run the outbox dispatcher and the webhook sweeps (default true). */
  loops?: boolean;
  /** Domain loops (the workflow engine's timers): server.ts passes WORKER_LOOPS, tests their own. */
  workerLoops?: readonly LoopDefinition[];
}

export async function startJobs(options: StartJobsOptions): Promise<PgBoss> {
  const jobs = options.jobs;
  const boss = makeBoss();
  const state: JobsState = { boss, status: "up", stopLoops: async () => {} };
  boss.on("error", (e) => {
    state.status = "down";
    state.lastError = e.message;
    console.error("[jobs] error:", e.message);
  });
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name, {
      name: job.name,
      policy: job.policy ?? "standard",
      retryLimit: job.retry?.limit ?? 2,
      retryDelay: job.retry?.delaySeconds ?? 0,
      retryBackoff: job.retry?.backoff ?? false,
      expireInSeconds: job.expireInSeconds ?? 300,
    });
    for (let i = 0; i < Math.max(1, job.concurrency ?? 1); i++)
      await boss.work(
        job.name,
        {
          pollingIntervalSeconds: job.pollingIntervalSeconds ?? 2,
          includeMetadata: true,
          batchSize: job.batchSize ?? 1,
        },
        async (batch) => {
          // Every job of a batch runs even if one fails; then the failure fails the batch (retried).
          let out: unknown;
          let failed: unknown;
          for (const j of batch) {
            try {
              out = await runJob(job, j);
            } catch (e) {
              failed ??= e;
            }
          }
          if (failed) throw failed;
          state.status = "up";
          return out;
        },
      );
    if (job.schedule) await boss.schedule(job.name, job.schedule, (job.scheduleData ?? {}) as object);
  }
  const stopDomainLoops = startWorkerLoops(options.workerLoops ?? []);
  const stopPlatformLoops = options.loops !== false ? await startLoops() : async () => {};
  state.stopLoops = async () => {
    await stopDomainLoops();
    await stopPlatformLoops();
  };
  g.__switchboardJobs = state;
  return boss;
}

export function jobsStatus(): { status: "up" | "down" | "off"; error?: string } {
  const s = g.__switchboardJobs;
  if (!s) return { status: "off" };
  return { status: s.status, error: s.lastError };
}

/** Lets running jobs finish (up to the timeout), then stops polling. */
export async function stopJobs(timeoutMs = 10_000): Promise<void> {
  const s = g.__switchboardJobs;
  if (!s) return;
  g.__switchboardJobs = undefined;
  await s.stopLoops();
  await s.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
}

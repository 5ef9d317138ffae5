import "@/lib/server-only";
import PgBoss from "pg-boss";
import { pruneLoginAttempts } from "@/lib/auth/rate-limit";
import { endInactiveConversations } from "@/lib/conversations/mutations";
import { dbInfra } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startDispatcherLoop } from "@/lib/events/dispatcher";
import { processStalePending } from "@/lib/ingest/process";
import { drainReadyBacklog } from "@/lib/messages/status-mutations";

// Durable jobs in the same database (pg-boss). Every queue is declared here with its worker, so
// `npm run worker` and the all-in-one process run exactly the same set.
interface JobDef {
  name: string;
  /** cron, in UTC */
  schedule?: string;
  run: () => Promise<unknown>;
}

export const JOBS: JobDef[] = [
  { name: "maintenance.prune-login-attempts", schedule: "*/15 * * * *", run: pruneLoginAttempts },
  { name: "conversations.end-inactive", schedule: "* * * * *", run: endInactiveConversations },
];

// Safety nets that need a shorter period than a cron minute: webhook events a crash left unprocessed
// and outbox events not yet published. The hot path does both immediately; these only catch up.
function startLoops(): () => void {
  const stopDispatcher = startDispatcherLoop(1000);
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
  return () => {
    stopDispatcher();
    clearInterval(sweep);
  };
}

type JobsState = { boss: PgBoss; status: "up" | "down"; lastError?: string; stopLoops: () => void };
const g = globalThis as unknown as { __switchboardJobs?: JobsState };

function makeBoss(): PgBoss {
  const infra = dbInfra();
  if (infra.pool) {
    // Its own small pool: a burst of jobs must not starve web requests.
    return new PgBoss({ connectionString: env().DATABASE_URL, max: 4, schema: "pgboss" });
  }
  // Embedded database: pg-boss runs its SQL through the same PGlite instance.
  const pglite = infra.pglite!;
  return new PgBoss({
    schema: "pgboss",
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (values && values.length > 0) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return results[results.length - 1] ?? { rows: [] };
      },
    },
  });
}

export async function startJobs(): Promise<PgBoss> {
  const boss = makeBoss();
  const state: JobsState = { boss, status: "up", stopLoops: () => {} };
  boss.on("error", (e) => {
    state.status = "down";
    state.lastError = e.message;
    console.error("[jobs] error:", e.message);
  });
  await boss.start();
  for (const job of JOBS) {
    await boss.createQueue(job.name);
    await boss.work(job.name, { pollingIntervalSeconds: 2 }, async () => {
      const out = await job.run();
      state.status = "up";
      return out;
    });
    if (job.schedule) await boss.schedule(job.name, job.schedule);
  }
  state.stopLoops = startLoops();
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
  s.stopLoops();
  await s.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
}

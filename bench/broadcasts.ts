// `npx tsx bench/broadcasts.ts`: a broadcast to BENCH_RECIPIENTS sandbox recipients (default 10,000) with
// the sandbox rate at BENCH_RATE/s (default 200), a worker killed with SIGKILL half-way and a second one
// finishing; then the API log's cost per request with and without logging. Needs the production build
// and the local PostgreSQL. Prints each figure beside its same-run baseline.

import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { spawnTs, waitForOutput } from "../lib/testing/child";
import {
  dropDatabase,
  fmt,
  freshDatabase,
  percentile,
  spawnProcess,
  stopProcess,
  timeToFirst200,
} from "./lib";

const N = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3603);
const DB = process.env.BENCH_DB ?? "switchboard_bench_broadcasts";

const url = await freshDatabase(DB);
const env = {
  DATABASE_URL: url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  SANDBOX_RATE_LIMIT_PER_SECOND: String(RATE),
  INTERNAL_URL: `http://127.0.0.1:${PORT}`,
  PORT: String(PORT),
  HOST: "127.0.0.1",
  SEED_DEMO: "false",
  NODE_ENV: "production",
};
Object.assign(process.env, env);

const tsx = (script: string, extra: Record<string, string> = {}) =>
  spawnProcess(process.execPath, ["--import", "tsx", script], { ...env, ...extra });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let web: ChildProcess | undefined;
const workers: ChildProcess[] = [];
try {
  // The web process serves the sandbox's Graph API and receives its signed status webhooks.
  web = tsx("server.ts", { WORKERS: "0" });
  await timeToFirst200(`http://127.0.0.1:${PORT}/api/health`, performance.now(), 180_000);

  const { db } = await import("../lib/db/client");
  const { makeProject, memberActor, memberScope } = await import("../prisma/factories");
  const { createBroadcast, addRecipients, sendBroadcast } = await import("../lib/broadcasts/mutations");
  const ctx = await makeProject({ name: "Bench" });
  const scope = memberScope(ctx);
  const actor = memberActor(ctx);
  const number = await db().phoneNumber.findFirstOrThrow({
    where: { projectId: ctx.projectId, kind: "SANDBOX" },
  });
  const template = await db().messageTemplate.findFirstOrThrow({
    where: { projectId: ctx.projectId, name: "order_update" },
  });
  const b = await createBroadcast(scope, actor, {
    name: "Bench",
    numberId: number.id,
    templateId: template.id,
  });
  for (let i = 0; i < N; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
      phone_number: `+1555${String(1_000_000 + i + j).padStart(7, "0")}`,
      parameters: [`Ana ${i + j}`, `#${i + j}`],
    }));
    await addRecipients(scope, actor, { broadcastId: b.id, recipients: chunk });
  }

  const sent = () => db().broadcastRecipient.count({ where: { broadcastId: b.id, sentAt: { not: null } } });
  const worker = () => {
    const w = spawnTs("lib/testing/broadcast-worker-child.ts", [], env);
    workers.push(w);
    return w;
  };
  await waitForOutput(worker(), "READY", 180_000);
  const started = Date.now();
  await sendBroadcast(scope, actor, { broadcastId: b.id });
  while ((await sent()) < N / 2) await sleep(100);
  workers[0]?.kill("SIGKILL");
  const atKill = await sent();
  console.log(`[bench] SIGKILL at ${atKill}/${N} sent`);
  worker();
  for (;;) {
    const s = await db().broadcast.findUniqueOrThrow({ where: { id: b.id }, select: { status: true } });
    if (s.status === "COMPLETED" || s.status === "FAILED") break;
    await sleep(250);
  }
  const doneSending = Date.now();
  for (;;) {
    const open = await db().broadcastRecipient.count({
      where: { broadcastId: b.id, status: { notIn: ["READ", "FAILED", "SKIPPED"] } },
    });
    if (open === 0 || Date.now() - doneSending > 600_000) break;
    await sleep(500);
  }
  const allStatuses = Date.now();

  const [span] = await db().$queryRaw<{ first: Date; last: Date; n: bigint }[]>`
    SELECT min("sentAt") AS first, max("sentAt") AS last, count(*) AS n FROM "BroadcastRecipient"
    WHERE "broadcastId" = ${b.id} AND "sentAt" IS NOT NULL`;
  // The rate while a worker was sending: the kill's gap (lease + watchdog) is measured separately.
  const perSecond = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "BroadcastRecipient" WHERE "broadcastId" = ${b.id} AND "sentAt" IS NOT NULL
    GROUP BY date_trunc('second', "sentAt") ORDER BY 1 DESC`;
  const busiest = perSecond.map((r) => Number(r.n));
  // A duplicate is a second message that reached a phone; a send the simulator refused as too fast
  // (status failed, 130429) reached nobody and is rightly sent again, so it is counted apart.
  const dup = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (SELECT "customerWaId" FROM "SandboxMessage"
      WHERE "phoneNumberId" = ${number.phoneNumberId} AND direction = 'TO_CUSTOMER' AND status <> 'failed'
      GROUP BY "customerWaId" HAVING count(*) > 1) d`;
  const refused = await db().sandboxMessage.count({
    where: { phoneNumberId: number.phoneNumberId, direction: "TO_CUSTOMER", status: "failed" },
  });
  const failed = await db().broadcastRecipient.groupBy({
    by: ["errorTitle"],
    where: { broadcastId: b.id, status: "FAILED" },
    _count: { _all: true },
  });
  const sentN = Number(span?.n ?? 0);
  const spanS = span ? (span.last.getTime() - span.first.getTime()) / 1000 : 0;
  console.log(
    `\nBroadcast to ${N.toLocaleString()} sandbox recipients (configured rate ${RATE}/s = the baseline)`,
  );
  console.log(
    `  sent ${sentN} in ${spanS.toFixed(1)} s including the kill's gap → ${(sentN / spanS).toFixed(1)}/s average`,
  );
  console.log(
    `  busiest second ${busiest[0] ?? 0}/s; median second ${percentile(
      [...busiest].sort((a, c) => a - c),
      50,
    )}/s (configured ${RATE}/s)`,
  );
  console.log(`  duplicates after SIGKILL at ${atKill}: ${Number(dup[0]?.n ?? 0)} (budget 0)`);
  console.log(`  refused by the simulator as too fast, then sent again: ${refused}`);
  console.log(`  failed: ${failed.map((f) => `${f._count._all} × ${f.errorTitle}`).join("; ") || "none"}`);
  console.log(
    `  send → completed ${((doneSending - started) / 1000).toFixed(1)} s; send → every status recorded ${((allStatuses - started) / 1000).toFixed(1)} s`,
  );

  // API log overhead: the same Platform call, in process, with the logger on and off.
  const { setCallLogger } = await import("../lib/http/call-log");
  const { recordApiCall, flushApiLog } = await import("../lib/api-logs/store");
  const { createApiKey } = await import("../lib/api-keys/mutations");
  const route = await import("../app/platform/v1/customers/route");
  const { key } = await createApiKey(scope, actor, { name: "bench" });
  const once = async () => {
    const t = performance.now();
    const res = await route.GET(
      new Request("http://localhost/platform/v1/customers", { headers: { "x-api-key": key } }),
      {
        params: Promise.resolve({}),
      },
    );
    await res.arrayBuffer();
    return performance.now() - t;
  };
  const M = Number(process.env.BENCH_API_CALLS ?? 1000);
  const measure = async (on: boolean) => {
    setCallLogger(on ? recordApiCall : null);
    for (let i = 0; i < 50; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < M; i++) times.push(await once());
    await flushApiLog();
    return times.sort((a, c) => a - c);
  };
  const off1 = await measure(false);
  const on1 = await measure(true);
  const off2 = await measure(false);
  const on2 = await measure(true);
  const off = [...off1, ...off2].sort((a, c) => a - c);
  const on = [...on1, ...on2].sort((a, c) => a - c);
  console.log(`\nAPI log overhead, GET /platform/v1/customers in process, ${2 * M} calls each (interleaved)`);
  console.log(
    `  without logging (baseline): p50 ${fmt(percentile(off, 50))} ms, p99 ${fmt(percentile(off, 99))} ms`,
  );
  console.log(
    `  with logging:               p50 ${fmt(percentile(on, 50))} ms, p99 ${fmt(percentile(on, 99))} ms`,
  );
  console.log(`  rows written: ${await db().apiLog.count({ where: { projectId: ctx.projectId } })}`);
  const { closeDatabase } = await import("../lib/db/client");
  await closeDatabase();
} finally {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) await stopProcess(w);
  if (web) await stopProcess(web);
  await dropDatabase(DB);
}

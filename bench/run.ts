// `npm run bench`: start-up time and /api/health latency, each beside a same-run baseline.
// Figures, not pass/fail. Needs the production build (`npm run build`) and the local PostgreSQL.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { fmt, latency, spawnProcess, stopProcess, timeToFirst200 } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const admin = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const secrets = {
  AUTH_SECRET: randomBytes(32).toString("base64"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `switchboard_bench_${randomBytes(3).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function startup(label: string, env: Record<string, string | undefined>, port: number) {
  const t0 = performance.now();
  const p = spawnProcess("node", ["scripts/start.mjs"], {
    ...env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const ms = await timeToFirst200(`http://127.0.0.1:${port}/login`, t0);
  return { label, ms, stop: () => stopProcess(p) };
}

async function baselineStartup(port: number) {
  const t0 = performance.now();
  const p = spawnProcess("node", ["bench/baseline-server.mjs"], { PORT: String(port) });
  const ms = await timeToFirst200(`http://127.0.0.1:${port}/`, t0);
  return { ms, stop: () => stopProcess(p) };
}

const rows: string[][] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), runs: RUNS, requests: REQUESTS };

// 1. npm start → first 200 on /login (first boot each time: migrations and demo seed included).
const pglite: number[] = [];
const postgres: number[] = [];
const bare: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchboard-bench-"));
  const a = await startup(
    "pglite",
    { DATA_DIR: dataDir, DATABASE_URL: undefined, AUTH_SECRET: undefined, ENCRYPTION_KEY: undefined },
    3501,
  );
  pglite.push(a.ms);
  await a.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const db = await freshPgDatabase();
  const b = await startup("postgres", { DATABASE_URL: db.url, ...secrets }, 3502);
  postgres.push(b.ms);
  await b.stop();
  await db.drop();

  const c = await baselineStartup(3503);
  bare.push(c.ms);
  await c.stop();
}
rows.push([
  "npm start → first 200 /login, PGlite (ms, median)",
  fmt(median(pglite)),
  fmt(median(bare)),
  pglite.map(fmt).join(" / "),
]);
rows.push([
  "npm start → first 200 /login, PostgreSQL (ms, median)",
  fmt(median(postgres)),
  fmt(median(bare)),
  postgres.map(fmt).join(" / "),
]);
results.startup = { pglite, postgres, bareNode: bare };

// 2. /api/health latency vs a bare node:http server, sequential and 16 at a time.
const db = await freshPgDatabase();
const app = await startup("postgres", { DATABASE_URL: db.url, ...secrets }, 3504);
const base = await baselineStartup(3505);
for (const concurrency of [1, 16]) {
  await latency("http://127.0.0.1:3504/api/health", 300, concurrency); // warm-up
  await latency("http://127.0.0.1:3505/", 300, concurrency);
  const h = await latency("http://127.0.0.1:3504/api/health", REQUESTS, concurrency);
  const b = await latency("http://127.0.0.1:3505/", REQUESTS, concurrency);
  rows.push([
    `/api/health p50 / p99 (ms), concurrency ${concurrency}`,
    `${fmt(h.p50)} / ${fmt(h.p99)}`,
    `${fmt(b.p50)} / ${fmt(b.p99)}`,
    `${h.rps.toFixed(0)} vs ${b.rps.toFixed(0)} req/s, ${h.errors} errors`,
  ]);
  results[`health_c${concurrency}`] = { app: h, bareNode: b };
}
await app.stop();
await base.stop();
await db.drop();

const widths = [58, 16, 16, 40];
const header = ["measure", "switchboard", "bare node:http", "detail"];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" ");
console.log(`\n${line(header)}\n${"-".repeat(130)}`);
for (const r of rows) console.log(line(r));
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2));
console.log("\nraw figures: bench/results/latest.json");

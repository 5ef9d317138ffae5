// `npm run bench:inbox`: server time of the inbox data layer (lib/conversations/data.ts, called in-process) at
// 100k conversations / 1M messages beside the same queries at 1k / 10k, in two databases seeded by
// bench/inbox-seed.ts. Figures, not pass/fail. Budget (DESIGN.md §7): p95 ≤ 20 ms and ≤ 1.5× the 10k figure.
//   BENCH_RUNS=200           timed calls per query and dataset, in 4 alternating rounds (20 warm-up calls each)
//   BENCH_INBOX_REUSE=1      reuse switchboard_bench_inbox_{1m,10k} if they exist (seeding 1M takes ~1–2 min)
//   BENCH_INBOX_KEEP=1       keep the two databases afterwards (for EXPLAIN ANALYZE by hand)
// Each dataset is measured in a child process (`--measure <url>`): the app's db() is one client per process.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import {
  BENCH_MEMBERS,
  BENCH_NUMBERS,
  BENCH_PROJECT,
  databaseExists,
  dropDatabase,
  SEARCH_NAME_PREFIX,
  SEARCH_WORD,
  seedInbox,
} from "./inbox-seed";
import { fmt, percentile } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;

const ROUNDS = 4;

interface Figure {
  p50: number;
  p95: number;
  p99: number;
  rows: number;
}
type Figures = Record<string, Figure>;
type Samples = Record<string, { times: number[]; rows: number }>;

async function measure(url: string, runs: number): Promise<Samples> {
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  const { listInbox, getThread } = await import("../lib/conversations/data");
  const { db, closeDatabase } = await import("../lib/db/client");
  const { trustedProjectId } = await import("../lib/auth/project-id");
  const access = {
    projectId: trustedProjectId(BENCH_PROJECT),
    actor: { kind: "user" as const, userId: BENCH_MEMBERS[0]!, role: "MEMBER" as const },
  };
  const ids = (await db().conversation.findMany({ select: { id: true } })).map((c) => c.id);
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  const firstPage = await listInbox(access, {});

  const cases: [string, () => Promise<number>][] = [
    [
      "baseline: SELECT 1 through Prisma",
      async () => {
        await db().$queryRaw`SELECT 1`;
        return 1;
      },
    ],
    ["list, first page", async () => (await listInbox(access, {})).items.length],
    [
      "list, second page (cursor)",
      async () => (await listInbox(access, { cursor: firstPage.nextCursor })).items.length,
    ],
    [
      "list, assignee = one member",
      async () => (await listInbox(access, { assignee: BENCH_MEMBERS[2] })).items.length,
    ],
    ["list, assignee = me", async () => (await listInbox(access, { assignee: "me" })).items.length],
    ["list, unassigned", async () => (await listInbox(access, { assignee: "unassigned" })).items.length],
    ["list, status = ENDED", async () => (await listInbox(access, { status: "ENDED" })).items.length],
    [
      "list, number (10% one)",
      async () => (await listInbox(access, { numberId: BENCH_NUMBERS[3] })).items.length,
    ],
    [
      `search, message word "${SEARCH_WORD}" (1% of msgs)`,
      async () => (await listInbox(access, { q: SEARCH_WORD })).items.length,
    ],
    [
      `search, name prefix "${SEARCH_NAME_PREFIX}"`,
      async () => (await listInbox(access, { q: SEARCH_NAME_PREFIX })).items.length,
    ],
    ["search, number fragment", async () => (await listInbox(access, { q: "0012" })).items.length],
    ["thread page, random conversation", async () => (await getThread(access, pick())).messages.length],
  ];
  const out: Samples = {};
  for (const [label, run] of cases) {
    let rows = 0;
    for (let i = 0; i < WARMUP; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      rows = await run();
      times.push(performance.now() - t);
    }
    out[label] = { times, rows };
  }
  await closeDatabase();
  return out;
}

if (process.argv[2] === "--measure") {
  const figures = await measure(process.argv[3]!, Number(process.argv[4]));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const datasets = [
  { name: "switchboard_bench_inbox_1m", label: "1M", conversations: 100_000, messages: 1_000_000 },
  { name: "switchboard_bench_inbox_10k", label: "10k", conversations: 1_000, messages: 10_000 },
];
const urls: string[] = [];
for (const d of datasets) {
  if (process.env.BENCH_INBOX_REUSE === "1" && (await databaseExists(d.name))) {
    const u = new URL(process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres");
    u.pathname = `/${d.name}`;
    urls.push(u.toString());
    console.log(`[bench] reusing ${d.name}`);
  } else {
    const t = performance.now();
    urls.push(await seedInbox(d.name, d));
    console.log(`[bench] seeded ${d.name} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
}
// The two datasets take turns (ROUNDS × RUNS/ROUNDS calls each), so load from anything else on the
// machine falls on both columns alike instead of on whichever ran at the wrong moment.
const samples = datasets.map(() => ({}) as Samples);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, url] of urls.entries()) {
    const json = execFileSync(
      "node_modules/.bin/tsx",
      ["bench/inbox-queries.ts", "--measure", url, String(Math.ceil(RUNS / ROUNDS))],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 },
    );
    for (const [label, s] of Object.entries(JSON.parse(json.trim().split("\n").at(-1)!) as Samples)) {
      samples[i]![label] ??= { times: [], rows: s.rows };
      samples[i]![label]!.times.push(...s.times);
    }
  }
}
const figures: Record<string, Figures> = {};
for (const [i, d] of datasets.entries()) {
  figures[d.label] = Object.fromEntries(
    Object.entries(samples[i]!).map(([label, { times, rows }]) => {
      const t = [...times].sort((a, b) => a - b);
      return [label, { p50: percentile(t, 50), p95: percentile(t, 95), p99: percentile(t, 99), rows }];
    }),
  );
}
if (process.env.BENCH_INBOX_KEEP !== "1") for (const d of datasets) await dropDatabase(d.name);

const big = figures["1M"]!;
const small = figures["10k"]!;
const widths = [44, 19, 19, 8, 7, 40];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" ");
console.log(`\ninbox server time, ${RUNS} calls each (ms, p50 / p95; rows returned)`);
console.log(line(["query", "1M msgs (100k conv)", "10k msgs (1k conv)", "p95 ×", "budget", "rows 1M / 10k"]));
console.log("-".repeat(140));
for (const label of Object.keys(big)) {
  const b = big[label]!;
  const s = small[label]!;
  const ratio = b.p95 / s.p95;
  const baseline = label.startsWith("baseline");
  const ok = b.p95 <= 20 && ratio <= 1.5;
  console.log(
    line([
      label,
      `${fmt(b.p50)} / ${fmt(b.p95)}`,
      `${fmt(s.p50)} / ${fmt(s.p95)}`,
      `${ratio.toFixed(2)}×`,
      baseline ? "" : ok ? "ok" : b.p95 > 20 ? "MISS" : "MISS (×)",
      `${b.rows} / ${s.rows}`,
    ]),
  );
}
console.log("\nbudget: p95 ≤ 20 ms at 1M and ≤ 1.5× the 10k p95 (DESIGN.md §7)");
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/inbox-queries.json",
  JSON.stringify({ date: new Date().toISOString(), runs: RUNS, figures }, null, 2),
);
console.log("raw figures: bench/results/inbox-queries.json");

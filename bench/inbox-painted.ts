// `npm run bench:painted`: what the operator sees. Signed inbound webhooks at a steady rate → the row
// painted in the conversation list and the message painted in the open thread, in real browser tabs
// (Debian's Chromium through Playwright), beside the bare socket.io baseline of bench/inbox-latency.ts.
// Production server (`npx next build` first), fresh PostgreSQL database, the demo owner signed in.
//
// Each message's text carries a token `bz<i>z`; a MutationObserver in every tab records
// `performance.timeOrigin + performance.now()` the first time the token enters the list or the thread,
// on the same clock as the send time here. Requests are counted per tab with page.on("request") during
// the measured window; server CPU from /proc (the server's process tree), as a share of one core.
//   BENCH_RATE=200  BENCH_SECONDS=10  BENCH_CUSTOMERS=200  BENCH_LIST_TABS=5  BENCH_THREAD_TABS=5
//   BENCH_PORT=3511 (and +1 for the baseline)

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { chromium, type Page } from "@playwright/test";
import { io as connect, type Socket } from "socket.io-client";
import { envelope, messagesChange, nowSeconds, signBody } from "../lib/sandbox/payloads";
import { dropDatabase, freshDatabase } from "./inbox-seed";
import { fmt, percentile, spawnProcess, stopProcess, timeToFirst200 } from "./lib";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const LIST_TABS = Number(process.env.BENCH_LIST_TABS ?? 5);
const THREAD_TABS = Number(process.env.BENCH_THREAD_TABS ?? 5);
const N = RATE * SECONDS;
const DRAIN_MS = 5_000;
const run = randomBytes(3).toString("hex");
const now = () => performance.timeOrigin + performance.now();
const customer = (i: number) => `1555${String(3_000_000 + (i % CUSTOMERS))}`;

interface NumberRef {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
}

function post(agent: http.Agent, port: number, body: string, signature: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/webhooks/whatsapp",
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-hub-signature-256": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Sends n signed webhooks at RATE/s on schedule (not waiting for answers); returns send times by index. */
async function drive(port: number, ref: NumberRef, appSecret: string, n: number, tag: string, rate = RATE) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sent: number[] = new Array(n);
  const pending: Promise<number>[] = [];
  let non200 = 0;
  const start = performance.now();
  let i = 0;
  while (i < n) {
    const due = Math.min(n, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    for (; i < due; i++) {
      const from = customer(i);
      const body = JSON.stringify(
        envelope(ref.wabaId, [
          messagesChange(ref, {
            contacts: [{ profile: { name: `Load ${i % CUSTOMERS}` }, wa_id: from }],
            messages: [
              {
                from,
                id: `wamid.${tag}.${run}.${i}`,
                timestamp: nowSeconds(),
                type: "text",
                text: { body: `${tag === "bench" ? `bz${i}z` : "warm"} hello from load` },
              },
            ],
          }),
        ]),
      );
      const sig = signBody(body, appSecret);
      sent[i] = now();
      pending.push(
        post(agent, port, body, sig).then((s) => {
          if (s !== 200) non200++;
          return s;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(pending);
  agent.destroy();
  return { sent, non200, rate: n / seconds };
}

/** CPU seconds used so far by a process and all its descendants (from /proc; Linux only). */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {}
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, s] of stats)
      if (!tree.has(pid) && tree.has(s.ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / 100; // USER_HZ
}

function summarize(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
}

// Installed before any page script: records when each token first enters the list or the thread.
// A string, not a function: tsx's transform would add helpers the page does not have.
const observePaints = `
  window.__painted = { list: {}, thread: {} };
  const scan = (node) => {
    const text = node.textContent;
    if (!text || !text.includes("bz")) return;
    const el = node.nodeType === 1 ? node : node.parentElement;
    const where = el && el.closest('[data-testid="thread"]') ? "thread"
      : el && el.closest('[aria-label="Conversation list"]') ? "list" : null;
    if (!where) return;
    const t = performance.timeOrigin + performance.now();
    const seen = window.__painted[where];
    for (const m of text.matchAll(/bz(\\d+)z/g)) if (!(m[1] in seen)) seen[m[1]] = t;
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") scan(r.target);
      else for (const n of r.addedNodes) scan(n);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

// 1. Switchboard.
const PORT = Number(process.env.BENCH_PORT ?? 3511);
const BASE_PORT = PORT + 1;
for (const port of [PORT, BASE_PORT]) {
  const busy = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is in use; set BENCH_PORT`);
}
const dbName = `switchboard_bench_painted_${run}`;
const url = await freshDatabase(dbName);
const env = {
  DATABASE_URL: url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  NODE_ENV: "production",
  PORT: String(PORT),
  HOST: "127.0.0.1",
  NEXT_TELEMETRY_DISABLED: "1",
};
const app = spawnProcess("node_modules/.bin/tsx", ["server.ts"], env);
process.on("exit", () => app.kill());
const origin = `http://127.0.0.1:${PORT}`;
await timeToFirst200(`${origin}/api/health`, performance.now());

Object.assign(process.env, {
  DATABASE_URL: url,
  AUTH_SECRET: env.AUTH_SECRET,
  ENCRYPTION_KEY: env.ENCRYPTION_KEY,
});
const { db, closeDatabase } = await import("../lib/db/client");
const { decryptSecret } = await import("../lib/crypto/secret-box");
const project = await db().project.findUniqueOrThrow({ where: { slug: "demo" }, select: { id: true } });
const number = await db().phoneNumber.findFirstOrThrow({
  where: { projectId: project.id, kind: "SANDBOX" },
  select: { phoneNumberId: true, wabaId: true, displayPhoneNumber: true, appSecretEnc: true },
});
const appSecret = decryptSecret(number.appSecretEnc!, env.ENCRYPTION_KEY);

// Every customer writes once first, so the conversations exist and the tabs open on a full list.
await drive(PORT, number, appSecret, CUSTOMERS, "warm", Math.min(RATE, 100));
const warmDeadline = performance.now() + 30_000;
while (
  (await db().conversation.count({ where: { projectId: project.id } })) < CUSTOMERS &&
  performance.now() < warmDeadline
)
  await new Promise((r) => setTimeout(r, 200));
const threadConversations = await db().conversation.findMany({
  where: {
    projectId: project.id,
    contact: { waId: { in: Array.from({ length: THREAD_TABS }, (_, i) => customer(i)) } },
  },
  select: { id: true, contact: { select: { waId: true } } },
});

// The demo owner must choose a new password at first sign-in; this throwaway database skips that step.
await db().user.update({ where: { email: "owner@switchboard.local" }, data: { mustChangePassword: false } });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-timer-throttling"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
await context.addInitScript({ content: observePaints });
const login = await context.newPage();
await login.goto(`${origin}/login`);
await login.getByLabel("Email").fill("owner@switchboard.local");
await login.getByLabel("Password").fill("switchboard");
await login.getByRole("button", { name: "Sign in" }).click();
await login.waitForURL(/\/p\/demo\/inbox$/);
await login.close();

interface Tab {
  page: Page;
  kind: "list" | "thread";
  customerIndex?: number;
  requests: number;
  counting: boolean;
}
const tabs: Tab[] = [];
for (let i = 0; i < LIST_TABS + THREAD_TABS; i++) {
  const kind = i < LIST_TABS ? "list" : "thread";
  const page = await context.newPage();
  const tab: Tab = { page, kind, requests: 0, counting: false };
  page.on("request", (r) => {
    if (tab.counting && !r.url().startsWith("ws")) tab.requests++;
  });
  let path = "/p/demo/inbox";
  if (kind === "thread") {
    tab.customerIndex = i - LIST_TABS;
    const c = threadConversations.find((x) => x.contact.waId === customer(tab.customerIndex!));
    if (!c) throw new Error("thread conversation missing");
    path += `?c=${c.id}`;
  }
  await page.goto(`${origin}${path}`);
  await page.getByTestId("realtime-status").and(page.locator('[data-status="connected"]')).waitFor();
  if (kind === "thread") await page.getByTestId("thread").waitFor();
  tabs.push(tab);
}
await new Promise((r) => setTimeout(r, 1000)); // initial fetches and read receipts settle

// The socket frame, for comparison: a plain socket.io client in the project room.
const session = (await context.cookies()).find((c) => c.name === "authjs.session-token");
const socket: Socket = connect(origin, {
  transports: ["websocket"],
  extraHeaders: { cookie: `authjs.session-token=${session?.value}` },
});
await new Promise<void>((resolve, reject) => {
  socket.once("connect", resolve);
  socket.once("connect_error", reject);
});
await socket.emitWithAck("project.join", { projectId: project.id });
const frames = new Map<number, number>();
socket.on("events.batch", (events: { event: string; payload: { message?: { wamid: string | null } } }[]) => {
  const t = now();
  for (const e of events) {
    const w = e.event === "message.created" ? e.payload.message?.wamid : null;
    if (w?.startsWith(`wamid.bench.${run}.`)) {
      const i = Number(w.slice(w.lastIndexOf(".") + 1));
      if (!frames.has(i)) frames.set(i, t);
    }
  }
});

for (const t of tabs) t.counting = true;
const cpu0 = treeCpuSeconds(app.pid!);
const wall0 = performance.now();
const a = await drive(PORT, number, appSecret, N, "bench");
await new Promise((r) => setTimeout(r, DRAIN_MS));
const cpuSeconds = treeCpuSeconds(app.pid!) - cpu0;
const wallSeconds = (performance.now() - wall0) / 1000;
for (const t of tabs) t.counting = false;

const listLatencies: number[] = [];
const threadLatencies: number[] = [];
let listMissed = 0;
let threadMissed = 0;
for (const t of tabs) {
  const painted = (await t.page.evaluate(() => (window as unknown as { __painted: unknown }).__painted)) as {
    list: Record<string, number>;
    thread: Record<string, number>;
  };
  for (let i = 0; i < N; i++) {
    if (t.kind === "list") {
      const p = painted.list[i];
      if (p === undefined) listMissed++;
      else listLatencies.push(p - a.sent[i]!);
    } else if (i % CUSTOMERS === t.customerIndex) {
      const p = painted.thread[i];
      if (p === undefined) threadMissed++;
      else threadLatencies.push(p - a.sent[i]!);
    }
  }
}
const frameLatencies = [...frames].map(([i, t]) => t - a.sent[i]!);
const requests = tabs.reduce((s, t) => s + t.requests, 0);
const listRequests = tabs.filter((t) => t.kind === "list").reduce((s, t) => s + t.requests, 0);
socket.disconnect();
await browser.close();
await closeDatabase();
await stopProcess(app);
await dropDatabase(dbName);

// 2. Baseline: bare node:http + socket.io (bench/latency-baseline-server.mjs), same schedule.
const base = spawnProcess("node", ["bench/latency-baseline-server.mjs"], { PORT: String(BASE_PORT) });
process.on("exit", () => base.kill());
await timeToFirst200(`http://127.0.0.1:${BASE_PORT}/socket.io/?EIO=4&transport=polling`, performance.now());
const baseSocket = connect(`http://127.0.0.1:${BASE_PORT}`, { transports: ["websocket"] });
await new Promise<void>((resolve) => baseSocket.once("connect", () => resolve()));
await baseSocket.emitWithAck("project.join", { projectId: "project" });
const baseFrames = new Map<number, number>();
baseSocket.on("events.batch", (events: { payload: { id: string } }[]) => {
  const t = now();
  for (const e of events) {
    const i = Number(e.payload.id.slice(e.payload.id.lastIndexOf(".") + 1));
    if (e.payload.id.startsWith(`wamid.bench.${run}.`) && !baseFrames.has(i)) baseFrames.set(i, t);
  }
});
const b = await drive(BASE_PORT, number, appSecret, N, "bench");
await new Promise((r) => setTimeout(r, 1000));
baseSocket.disconnect();
await stopProcess(base);
const baseLatencies = [...baseFrames].map(([i, t]) => t - b.sent[i]!);

const L = summarize(listLatencies);
const T = summarize(threadLatencies);
const F = summarize(frameLatencies);
const B = summarize(baseLatencies);
const perTab = requests / tabs.length / N;
const widths = [52, 30];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" ");
const row = (label: string, s: ReturnType<typeof summarize>) =>
  line([label, `${fmt(s.p50)} / ${fmt(s.p99)} / ${fmt(s.max)}  (n=${s.n})`]);
console.log(
  `\ninbound webhook → painted, ${N} messages at ${RATE}/s (achieved ${a.rate.toFixed(0)}/s), ${CUSTOMERS} customers, ` +
    `${LIST_TABS} list tabs + ${THREAD_TABS} thread tabs (1280×800)`,
);
console.log(line(["measure", "p50 / p99 / max (ms)"]));
console.log("-".repeat(90));
console.log(row("row painted in the list (every list tab, every message)", L));
console.log(row("message painted in the open thread", T));
console.log(row("socket.io frame in a node client (same run)", F));
console.log(row("baseline: bare http + socket.io frame", B));
console.log(line(["list rows never painted (superseded in one render)", `${listMissed}`]));
console.log(line(["thread messages never painted", `${threadMissed}`]));
console.log(
  line([
    "HTTP requests per tab per message",
    `${perTab.toFixed(3)} (list tabs ${(listRequests / Math.max(LIST_TABS, 1) / N).toFixed(3)}, ${requests} in all)`,
  ]),
);
console.log(
  line([
    "server CPU during the run (share of one core)",
    `${((cpuSeconds / wallSeconds) * 100).toFixed(0)}% (${cpuSeconds.toFixed(1)} s over ${wallSeconds.toFixed(1)} s)`,
  ]),
);
console.log(line(["non-200 answers (app / baseline)", `${a.non200} / ${b.non200}`]));
const met = T.p99 <= 100 && L.p99 <= 100 && perTab <= 1;
console.log(
  `\nbudget: p99 painted ≤ 100 ms, ≤ 1 request per tab per message (DESIGN.md §7) → ${met ? "met" : "MISSED"}`,
);
process.exit(0);

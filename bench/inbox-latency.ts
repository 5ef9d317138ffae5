// `npm run bench:latency`: inbound message → operator's browser under a steady 200 messages/s, beside a
// same-run baseline (bare node:http + socket.io relaying each POST to a socket, no database).
// A fresh PostgreSQL database, the production server (`npx next build` first), the demo owner signed
// in through Auth.js's credentials endpoint, and a socket.io client in the demo project's room. Each
// signed webhook carries a wamid we choose; `events.batch` entries carry message ids, mapped back to
// wamids (and so to send times) from the database after the run. Latency = socket receipt − POST start.
//   BENCH_RATE=200  BENCH_SECONDS=20  BENCH_CUSTOMERS=200 (distinct senders, so many conversations)
import { randomBytes } from "node:crypto";
import http from "node:http";
import { io as connect, type Socket } from "socket.io-client";
import { envelope, messagesChange, nowSeconds, signBody } from "../lib/sandbox/payloads";
import { dropDatabase, freshDatabase } from "./inbox-seed";
import { fmt, percentile, spawnProcess, stopProcess, timeToFirst200 } from "./lib";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const N = RATE * SECONDS;
const DRAIN_MS = 10_000;
const run = randomBytes(3).toString("hex");

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

async function joined(url: string, projectId: string, cookie?: string): Promise<Socket> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: cookie ? { cookie } : {} });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const ack = (await socket.emitWithAck("project.join", { projectId })) as { ok: boolean; error?: string };
  if (!ack.ok) throw new Error(`project.join refused: ${ack.error}`);
  return socket;
}

/**
 * Sends N signed webhooks at RATE/s (on schedule, not waiting for answers) and collects the socket
 * receipt time of each `message.created` by the key `keyOf` gives. Returns send times by index.
 */
async function drive(
  port: number,
  socket: Socket,
  ref: NumberRef,
  appSecret: string,
  keyOf: (payload: Record<string, unknown>) => string,
  n = N,
  prefix = `wamid.bench.${run}.`,
) {
  const received = new Map<string, number>();
  let duplicates = 0;
  socket.on("events.batch", (events: { event: string; payload: Record<string, unknown> }[]) => {
    const t = performance.now();
    for (const e of events) {
      if (e.event !== "message.created") continue;
      const k = keyOf(e.payload);
      if (received.has(k)) duplicates++;
      else received.set(k, t);
    }
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sent: number[] = new Array(n);
  const pending: Promise<number>[] = [];
  let non200 = 0;
  const start = performance.now();
  let i = 0;
  while (i < n) {
    const due = Math.min(n, Math.floor(((performance.now() - start) / 1000) * RATE) + 1);
    for (; i < due; i++) {
      const from = `1555${String(2_000_000 + (i % CUSTOMERS))}`;
      const body = JSON.stringify(
        envelope(ref.wabaId, [
          messagesChange(ref, {
            contacts: [{ profile: { name: `Load ${i % CUSTOMERS}` }, wa_id: from }],
            messages: [
              {
                from,
                id: `${prefix}${i}`,
                timestamp: nowSeconds(),
                type: "text",
                text: { body: `bench ${i} sent at ${new Date().toISOString()}` },
              },
            ],
          }),
        ]),
      );
      const sig = signBody(body, appSecret);
      sent[i] = performance.now();
      pending.push(
        post(agent, port, body, sig).then((s) => {
          if (s !== 200) non200++;
          return s;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all(pending);
  const drainStart = performance.now();
  while (received.size < n && performance.now() - drainStart < DRAIN_MS)
    await new Promise((r) => setTimeout(r, 50));
  agent.destroy();
  socket.off("events.batch");
  return { sent, received, duplicates, non200, rate: n / sendSeconds };
}

function summarize(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.at(-1) ?? Number.NaN,
  };
}

// 1. Switchboard: fresh database, production server, demo owner signed in.
const PORT = Number(process.env.BENCH_PORT ?? 3671);
const BASE_PORT = PORT + 1;
// Another server on the port would answer the health check and the bench would measure it instead.
for (const port of [PORT, BASE_PORT]) {
  const busy = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`port ${port} is in use; set BENCH_PORT`);
}
const dbName = `switchboard_bench_latency_${run}`;
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
process.on("exit", () => app.kill()); // a failed run must not leave the server behind
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

// The demo owner must choose a new password at first sign-in; this throwaway database skips that step.
await db().user.update({ where: { email: "owner@switchboard.local" }, data: { mustChangePassword: false } });
const csrfRes = await fetch(`${origin}/api/auth/csrf`);
const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
const login = await fetch(`${origin}/api/auth/callback/credentials`, {
  method: "POST",
  redirect: "manual",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    cookie: csrfRes.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  },
  body: new URLSearchParams({ csrfToken, email: "owner@switchboard.local", password: "switchboard" }),
});
const session = login.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
if (!session) throw new Error(`sign-in failed (${login.status})`);
const socket = await joined(origin, project.id, session.split(";")[0]);

// Warm-up: two seconds of traffic on other wamids (JIT, pools, the conversation rows), not measured.
await drive(PORT, socket, number, appSecret, (p) => String(p.messageId), RATE * 2, `wamid.warm.${run}.`);
const a = await drive(PORT, socket, number, appSecret, (p) => String(p.messageId));
const wamids = new Map(
  (
    await db().message.findMany({
      where: { projectId: project.id, wamid: { startsWith: `wamid.bench.${run}.` } },
      select: { id: true, wamid: true },
    })
  ).map((m) => [m.id, m.wamid!]),
);
const appLatencies: number[] = [];
for (const [messageId, t] of a.received) {
  const wamid = wamids.get(messageId);
  if (!wamid) continue;
  const i = Number(wamid.slice(wamid.lastIndexOf(".") + 1));
  appLatencies.push(t - a.sent[i]!);
}
const stored = wamids.size;
socket.disconnect();
await closeDatabase();
await stopProcess(app);
await dropDatabase(dbName);

// 2. Baseline: bare node:http + socket.io, same schedule, same client.
const base = spawnProcess("node", ["bench/latency-baseline-server.mjs"], { PORT: String(BASE_PORT) });
process.on("exit", () => base.kill());
await timeToFirst200(`http://127.0.0.1:${BASE_PORT}/socket.io/?EIO=4&transport=polling`, performance.now());
const baseSocket = await joined(`http://127.0.0.1:${BASE_PORT}`, "project");
await drive(BASE_PORT, baseSocket, number, appSecret, (p) => String(p.id), RATE * 2, `wamid.warm.${run}.`);
const b = await drive(BASE_PORT, baseSocket, number, appSecret, (p) => String(p.id));
const baseLatencies = [...b.received].map(
  ([wamid, t]) => t - b.sent[Number(wamid.slice(wamid.lastIndexOf(".") + 1))]!,
);
baseSocket.disconnect();
await stopProcess(base);

const s = summarize(appLatencies);
const bs = summarize(baseLatencies);
const lost = N - appLatencies.length;
const widths = [40, 26, 26];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" ");
console.log(
  `\ninbound webhook → socket.io 'events.batch' (message.created) in a signed-in client, ${N} messages at ${RATE}/s, ${CUSTOMERS} customers`,
);
console.log(line(["measure", "switchboard", "bare http + socket.io"]));
console.log("-".repeat(94));
console.log(line(["p50 / p90 (ms)", `${fmt(s.p50)} / ${fmt(s.p90)}`, `${fmt(bs.p50)} / ${fmt(bs.p90)}`]));
console.log(line(["p99 / max (ms)", `${fmt(s.p99)} / ${fmt(s.max)}`, `${fmt(bs.p99)} / ${fmt(bs.max)}`]));
console.log(line(["send rate achieved (msg/s)", a.rate.toFixed(0), b.rate.toFixed(0)]));
console.log(
  line([
    "delivered / lost / duplicated",
    `${appLatencies.length} / ${lost} / ${a.duplicates}`,
    `${baseLatencies.length} / ${N - baseLatencies.length} / ${b.duplicates}`,
  ]),
);
console.log(line(["stored in DB / non-200 answers", `${stored} / ${a.non200}`, `– / ${b.non200}`]));
console.log(
  `\nbudget: p50 ≤ 50 ms, p99 ≤ 250 ms, 0 lost (DESIGN.md §7) → ${s.p50 <= 50 && s.p99 <= 250 && lost === 0 ? "met" : "MISSED"}`,
);
process.exit(0);

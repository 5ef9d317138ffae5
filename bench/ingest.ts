// `npm run bench:ingest`: sustained signed-webhook ingest against PostgreSQL, beside a same-run ceiling
// (bare node:http + one INSERT per request). Needs the production build and the local PostgreSQL.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { envelope, inbound, messagesChange, signBody } from "../lib/sandbox/payloads";
import {
  dropDatabase,
  fmt,
  freshDatabase,
  percentile,
  spawnProcess,
  stopProcess,
  timeToFirst200,
} from "./lib";

const N = Number(process.env.BENCH_MESSAGES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Two ports: the app and, for the ceiling, a bare server (BENCH_PORT and the next one). */
const PORT = Number(process.env.BENCH_PORT ?? 3601);
const _admin = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

function post(
  agent: http.Agent,
  port: number,
  path: string,
  body: string,
  signature: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
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
    req.on("error", reject);
    req.end(body);
  });
}

async function load(port: number, path: string, bodies: { body: string; sig: string }[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const times: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        const t = performance.now();
        if ((await post(agent, port, path, b.body, b.sig)) !== 200) errors++;
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  times.sort((a, b) => a - b);
  return { seconds, p50: percentile(times, 50), p99: percentile(times, 99), errors };
}

// 1. Switchboard.
const dbName = `switchboard_bench_ingest_${randomBytes(3).toString("hex")}`;
const url = await freshDatabase(dbName);
const env = {
  DATABASE_URL: url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  NODE_ENV: "production",
  PORT: String(PORT),
  HOST: "127.0.0.1",
  SEED_DEMO: "false",
};
const app = spawnProcess("node_modules/.bin/tsx", ["server.ts"], env);
await timeToFirst200(`http://127.0.0.1:${PORT}/api/health`, performance.now());

// A live-kind number with a known app secret, created through the app's own code.
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET = env.AUTH_SECRET;
process.env.ENCRYPTION_KEY = env.ENCRYPTION_KEY;
const { createNumber } = await import("../lib/numbers/mutations");
const { createProject } = await import("../lib/projects/mutations");
const { db, closeDatabase } = await import("../lib/db/client");
const { trustedProjectId } = await import("../lib/auth/project-id");
const owner = await db().user.create({ data: { email: "bench@example.test" } });
const project = await createProject(owner.id, "Bench");
const appSecret = randomBytes(16).toString("hex");
const ref = {
  phoneNumberId: "1999000111222",
  wabaId: "2999000111222",
  displayPhoneNumber: "+1 555 0199 0000",
};
await createNumber(trustedProjectId(project.id), {
  kind: "LIVE",
  ...ref,
  verifiedName: "Bench",
  accessToken: `EAAG${randomBytes(16).toString("hex")}`,
  appSecret,
});

const bodies = Array.from({ length: N }, (_, i) => {
  const from = `1555${String(1_000_000 + (i % 500))}`;
  const body = JSON.stringify(
    envelope(ref.wabaId, [
      messagesChange(ref, {
        contacts: [{ profile: { name: `C${i % 500}` }, wa_id: from }],
        messages: [inbound(from, "text", { text: { body: `message ${i}` } })],
      }),
    ]),
  );
  return { body, sig: signBody(body, appSecret) };
});

const t0 = performance.now();
const r = await load(PORT, "/api/webhooks/whatsapp", bodies);
let stored = 0;
while (performance.now() - t0 < 300_000) {
  stored = await db().message.count({ where: { projectId: project.id } });
  if (stored >= N) break;
  await new Promise((res) => setTimeout(res, 100));
}
const allStoredSeconds = (performance.now() - t0) / 1000;
const distinct =
  (
    await db().$queryRaw<
      { n: bigint }[]
    >`SELECT count(DISTINCT wamid) AS n FROM "Message" WHERE "projectId" = ${project.id}`
  )[0]?.n ?? 0n;
await closeDatabase();
await stopProcess(app);
await dropDatabase(dbName);

// 2. Ceiling.
const ceilingDb = `switchboard_bench_ceiling_${randomBytes(3).toString("hex")}`;
const ceilingUrl = await freshDatabase(ceilingDb);
const ceiling = spawnProcess("node", ["bench/ceiling-server.mjs"], {
  DATABASE_URL: ceilingUrl,
  PORT: String(PORT + 1),
});
await new Promise((res) => setTimeout(res, 800));
const c = await load(PORT + 1, "/", bodies);
await stopProcess(ceiling);
await dropDatabase(ceilingDb);

const appRate = N / allStoredSeconds;
const ceilingRate = N / c.seconds;
console.log(`\ninbound ingest, ${N} signed webhooks (1 message each), ${CONCURRENCY} concurrent, PostgreSQL`);
console.log("-".repeat(100));
console.log(
  `switchboard: ${fmt(appRate)} messages/s stored (acks at ${fmt(N / r.seconds)}/s), ack p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, ${r.errors} non-200`,
);
console.log(
  `             stored ${stored} of ${N} sent, ${distinct} distinct wamids → ${N - stored} lost, ${stored - Number(distinct)} duplicated`,
);
console.log(
  `ceiling:     ${fmt(ceilingRate)} requests/s (bare node:http + 1 INSERT), p50 ${fmt(c.p50)} ms, p99 ${fmt(c.p99)} ms`,
);
console.log(
  `ratio:       ${((appRate / ceilingRate) * 100).toFixed(0)}% of the ceiling (budget ≥ 1,000 msg/s and ≥ 30%)`,
);

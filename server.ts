// One process, three parts: Next (pages, actions, APIs), socket.io on the same HTTP server, and the
// pg-boss workers. WORKERS=0 runs web only; WORKERS=only (npm run worker) runs workers only.
import { createServer, type Server } from "node:http";
import next from "next";
import { EnvError, loadEnv } from "./lib/env";

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (e) {
  if (e instanceof EnvError) {
    console.error(`\n${e.message}\n\nSee .env.example and the configuration table in README.md.\n`);
    process.exit(1);
  }
  throw e;
}

const { closeDatabase } = await import("./lib/db/client");
const { haltDispatcher } = await import("./lib/events/dispatcher");
const { initDatabase } = await import("./lib/db/init");
const { startJobs, stopJobs } = await import("./lib/boot/jobs-runtime");
const { JOBS, WORKER_LOOPS, registerPlatform, afterJobsStarted } = await import("./lib/boot/platform");
const { startRealtime, stopRealtime } = await import("./lib/realtime/server");
const { ensureDemoProject } = await import("./lib/projects/demo");
const { handleWebhookPost, WEBHOOK_PATH } = await import("./lib/ingest/node-handler");
const { embedPagePolicy } = await import("./lib/embeds/frame");
const { answerFrontDoor } = await import("./lib/http/front-door");
const { applySecurityHeaders } = await import("./lib/http/security-headers");
const { claimPglite, PgliteBusyError } = await import("./lib/db/pglite-owner");
const { handleLocalApiKey, LOCAL_API_KEY_PATH } = await import("./lib/api-keys/local-channel");

const dev = env.NODE_ENV !== "production";
const web = env.WORKERS !== "only";
const workers = env.WORKERS !== "0";
const started = performance.now();

// The embedded database is this process's alone; local tools find the server through this record.
let pgliteToken: string | undefined;
if (!env.DATABASE_URL) {
  try {
    pgliteToken = claimPglite(env.DATA_DIR, "server", env.INTERNAL_URL).token;
  } catch (e) {
    if (!(e instanceof PgliteBusyError)) throw e;
    console.error(`\n${e.message}\n`);
    process.exit(1);
  }
}
const dbState = await initDatabase((m) => console.log(`[db] ${m}`));
if (dbState.kind === "pglite" && env.WORKERS !== "1") {
  console.error(
    "WORKERS: splitting web and workers into separate processes needs PostgreSQL (set DATABASE_URL).",
  );
  process.exit(1);
}
console.log(
  `[db] ${dbState.kind === "pglite" ? `embedded PGlite in ${env.DATA_DIR}/pglite` : "PostgreSQL"} ready`,
);

// Every process hands committed events to the same subscribers (realtime, template sync, …).
registerPlatform();

if (web && env.SEED_DEMO) {
  const demo = await ensureDemoProject({ host: env.HOST });
  if (demo) {
    console.log(
      `\n  Demo project created. Sign in with\n    email:    ${demo.email}\n    password: ${demo.password}\n  You will be asked to choose a new password first.\n`,
    );
  }
}

let http: Server | undefined;
if (web) {
  const app = next({ dev, hostname: env.HOST, port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  http = createServer((req, res) => {
    // The client address for rate limiting: a client-sent X-Forwarded-For counts only behind a proxy.
    if ((!env.TRUST_PROXY || !req.headers["x-forwarded-for"]) && req.socket.remoteAddress)
      req.headers["x-forwarded-for"] = req.socket.remoteAddress;
    // Meta's webhook deliveries skip Next's router: it is the hot path (see lib/ingest/node-handler.ts).
    const pathname = req.url?.split("?")[0] ?? "/";
    // `npm run api-key` while the server holds the embedded database (loopback and a token only).
    if (req.method === "POST" && pathname === LOCAL_API_KEY_PATH)
      return void handleLocalApiKey(req, res, pgliteToken).catch(() => res.writeHead(500).end());
    if (req.method === "POST" && pathname === WEBHOOK_PATH) {
      applySecurityHeaders(req, res, pathname, { dev });
      return void handleWebhookPost(req, res);
    }
    applySecurityHeaders(req, res, pathname, { dev });
    // Malformed %-encoding and cross-origin server actions: a 4xx here, not Next's 500.
    if (answerFrontDoor(req, res, env.TRUST_PROXY)) return;
    // Who may frame the embedded inbox depends on the token, so its policy is made here, per request.
    if (pathname.startsWith("/embed/")) {
      return void embedPagePolicy(pathname)
        .catch(() => "frame-ancestors 'none'")
        .then((frameAncestors) => applySecurityHeaders(req, res, pathname, { dev, frameAncestors }))
        .then(() => handle(req, res));
    }
    void handle(req, res);
  });
  await startRealtime(http);
} else {
  // Worker-only: a socket.io server with no HTTP listener publishes through the shared adapter.
  await startRealtime();
}

if (workers) {
  await startJobs({ jobs: JOBS, workerLoops: WORKER_LOOPS });
  await afterJobsStarted();
}

if (http) {
  const server = http;
  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const shown = env.HOST === "0.0.0.0" ? "localhost" : env.HOST;
  console.log(
    `> Switchboard ready on http://${shown}:${env.PORT} (${dev ? "dev" : "production"}, workers ${workers ? "on" : "off"}) in ${Math.round(performance.now() - started)} ms`,
  );
} else {
  console.log("> Switchboard workers running");
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: draining`);
  const force = setTimeout(() => {
    console.error("[server] drain took over 15 s; exiting");
    process.exit(1);
  }, 15_000);
  force.unref();
  // Stop taking new requests, let in-flight ones and running jobs finish, then close the database.
  const closed = http ? new Promise<void>((resolve) => http.close(() => resolve())) : Promise.resolve();
  await stopRealtime();
  http?.closeIdleConnections();
  await Promise.all([closed, stopJobs()]);
  await haltDispatcher();
  await closeDatabase();
  console.log("[server] stopped cleanly");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

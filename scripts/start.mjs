// `npm start`: build once if there is no production build (or no generated Prisma client), then run
// the server in production mode. `npm start -- --rebuild` regenerates the client and rebuilds.
//
// The server runs as one child process (node with tsx's loader, no extra tsx wrapper process), and
// SIGTERM/SIGINT sent to this process are passed on to it; this process exits with the server's code,
// so nothing is left running when npm, a terminal or a supervisor stops `npm start`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const rebuild = process.argv.includes("--rebuild");
// Next's anonymous telemetry stays off unless the operator turns it on.
// A .env beside package.json is read first (a copy of .env.example); a variable already set in the
// environment wins over the file's.
if (existsSync(".env")) process.loadEnvFile(".env");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1" };
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let current = null;
let stopping = null;
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(sig, () => {
    stopping = sig;
    if (current) current.kill(sig);
    else process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGHUP" ? 1 : 15));
  });
}

// If whatever started us goes away without a signal (a shell killed, npm killed with -9), the server
// must not live on as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.emit("SIGTERM", "SIGTERM");
}, 1000).unref();

/** Runs one step as a child that receives our signals; resolves with its exit code. */
function step(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    current = spawn(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
    current.on("exit", (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 + 15 : 1));
    });
  });
}

async function must(label, cmd, args, extraEnv) {
  console.log(`\n▸ ${label}…`);
  const code = await step(cmd, args, extraEnv);
  if (code !== 0 || stopping) process.exit(code || 1);
  console.log(`✓ ${label} (${seconds()})`);
}

if (rebuild || !existsSync("generated/prisma/client.ts"))
  await must("Generating the Prisma client", "node_modules/.bin/prisma", ["generate"], {
    PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
  });
if (rebuild || !existsSync(".next/BUILD_ID")) {
  console.log(
    "No production build yet: building it once (under a minute on 2 cores; Next prints each stage below).",
  );
  await must("Building the app (next build)", "node_modules/.bin/next", ["build"]);
}

const code = await step(process.execPath, ["--import", "tsx", "server.ts"], { NODE_ENV: "production" });
process.exit(code);

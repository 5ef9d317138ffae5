#!/usr/bin/env node
// `npm test`: the whole suite, in the order CI runs it. Needs PostgreSQL (TEST_ADMIN_DATABASE_URL,
// default postgresql://root@127.0.0.1:5432/postgres) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
// Prints a table of stages and ends with the line `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const only = process.argv.slice(2);
const results = [];
mkdirSync("test-results", { recursive: true });

function run(cmd, args, env = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  return { ok: r.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** A stage that is one check (lint, typecheck, build). */
function check(name, cmd, args) {
  console.log(`\n━━ ${name}`);
  const r = run(cmd, args);
  results.push({ name, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, seconds: r.seconds });
  return r.ok;
}

function vitest(name, project) {
  console.log(`\n━━ ${name}`);
  const out = `test-results/vitest-${project}.json`;
  rmSync(out, { force: true });
  const r = run("npx", [
    "vitest",
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  const j = readJson(out);
  const passed = j?.numPassedTests ?? 0;
  // A crash before any test ran still counts as a failure.
  const failed = (j?.numFailedTests ?? 0) + (!r.ok && !(j?.numFailedTests > 0) ? 1 : 0);
  results.push({ name, passed, failed, seconds: r.seconds });
}

function playwright(name) {
  console.log(`\n━━ ${name}`);
  const out = "test-results/e2e.json";
  rmSync(out, { force: true });
  const r = run("npx", ["playwright", "test"], { PW_REPORTER: "json", CI: "1" });
  const s = readJson(out)?.stats;
  const passed = (s?.expected ?? 0) + (s?.flaky ?? 0);
  const failed = (s?.unexpected ?? 0) + (!r.ok && !(s?.unexpected > 0) ? 1 : 0);
  results.push({ name, passed, failed, seconds: r.seconds });
}

const want = (stage) => only.length === 0 || only.includes(stage);

if (!existsSync("generated/prisma/client.ts")) run("npm", ["run", "db:generate"]);
if (want("lint")) check("lint (biome)", "npx", ["biome", "ci", "."]);
if (want("typecheck")) check("typecheck (tsc)", "npx", ["tsc", "--noEmit"]);
if (want("unit")) vitest("unit", "unit");
if (want("integration")) vitest("integration (PostgreSQL)", "integration");
let built = true;
if (want("build")) built = check("build (next build)", "npx", ["next", "build"]);
if (built && want("boot")) vitest("boot (PGlite first run, outage recovery)", "boot");
if (built && want("e2e")) playwright("e2e (Playwright, Chromium)");

const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed }), {
  passed: 0,
  failed: 0,
});
console.log("\n━━ summary");
for (const r of results) {
  console.log(
    `${r.failed ? "✗" : "✓"} ${r.name.padEnd(44)} ${String(r.passed).padStart(3)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds}s`,
  );
}
const line = `${total.passed} passed, ${total.failed} failed`;
writeFileSync("test-results/summary.txt", `${line}\n`);
console.log(line);
process.exit(total.failed > 0 ? 1 : 0);

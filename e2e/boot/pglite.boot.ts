import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { killLeftovers, startServer, status, stop, waitFor } from "./server-process";

afterEach(killLeftovers);

function cleanEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of [
    "NODE_ENV",
    "DATABASE_URL",
    "AUTH_SECRET",
    "ENCRYPTION_KEY",
    "DATA_DIR",
    "WORKERS",
    "HOST",
  ])
    delete env[k];
  return env as NodeJS.ProcessEnv;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function apiKey(dataDir: string, port: number, slug = "demo") {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn("node_modules/.bin/tsx", ["scripts/create-api-key.ts", slug, "boot test"], {
      env: { ...cleanEnv(), DATA_DIR: dataDir, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("exit", (code) => resolve({ code, stdout: stdout.trim(), stderr }));
  });
}

// What a new user gets from `npm start` on a bare machine: no DATABASE_URL, no secrets, no setup.
describe("boot on embedded PGlite", () => {
  let dataDir = "";
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the login page, prints the demo login, keeps data across restarts and stops cleanly on SIGTERM", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "switchboard-boot-"));
    const first = startServer(3411, { DATA_DIR: dataDir });
    await waitFor("login page", async () =>
      (await status(`${first.url}/login`)) === 200 ? true : undefined,
    );
    expect(first.output()).toContain("owner@switchboard.local");
    expect(first.output()).toContain("password: switchboard");

    const health = await (await fetch(`${first.url}/api/health`)).json();
    expect(health).toMatchObject({
      status: "ok",
      database: { status: "up", kind: "pglite" },
      jobs: { status: "up" },
    });

    // The printed demo login signs in against the embedded database.
    const csrfRes = await fetch(`${first.url}/api/auth/csrf`);
    const { csrfToken } = await csrfRes.json();
    const csrfCookie = csrfRes.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const login = await fetch(`${first.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, email: "owner@switchboard.local", password: "switchboard" }),
    });
    const session = login.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
    expect(session).toBeTruthy();
    // A published password opens nothing but the page that replaces it.
    const inbox = await fetch(`${first.url}/p/demo/inbox`, {
      headers: { cookie: session!.split(";")[0]! },
      redirect: "manual",
    });
    expect(inbox.status).toBe(307);
    expect(inbox.headers.get("location")).toContain("/change-password");

    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain("stopped cleanly");

    const second = startServer(3412, { DATA_DIR: dataDir });
    await waitFor("restart", async () => ((await status(`${second.url}/login`)) === 200 ? true : undefined));
    expect(second.output()).not.toContain("Demo project created");
    expect(await stop(second)).toBe(0);
  }, 240_000);

  it("npm run api-key works before the first start, beside a running server, and refuses clearly", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "switchboard-key-"));
    try {
      // Before any start: the CLI applies migrations and creates the demo project itself.
      const before = await apiKey(dir, 3711);
      expect(before.code).toBe(0);
      expect(before.stdout).toMatch(/^sbk_/);

      const server = startServer(3711, { DATA_DIR: dir });
      await waitFor("server", async () => ((await status(`${server.url}/login`)) === 200 ? true : undefined));
      // With the server up, the key is made by the server (one process owns PGlite) and works at once.
      const during = await apiKey(dir, 3711);
      expect(during.code, during.stderr).toBe(0);
      for (const key of [before.stdout, during.stdout]) {
        const res = await fetch(`${server.url}/platform/v1/users`, { headers: { "x-api-key": key } });
        expect(res.status).toBe(200);
      }
      const missing = await apiKey(dir, 3711, "no-such-project");
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No project with slug "no-such-project"');
      expect(await stop(server)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("npm start passes SIGTERM to the server and leaves nothing running", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "switchboard-start-"));
    let group: number | undefined;
    try {
      const npm = spawn("npm", ["start"], {
        env: { ...cleanEnv(), DATA_DIR: dir, PORT: "3712" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      group = npm.pid;
      let out = "";
      npm.stdout.on("data", (d) => (out += d));
      npm.stderr.on("data", (d) => (out += d));
      const exited = new Promise<number | null>((r) => npm.on("exit", (code) => r(code)));
      await waitFor("npm start", async () =>
        (await status("http://127.0.0.1:3712/login")) === 200 ? true : undefined,
      );
      const serverPid = JSON.parse(readFileSync(path.join(dir, "pglite.owner.json"), "utf8")).pid as number;
      npm.kill("SIGTERM");
      await exited;
      await waitFor("server exit", async () => (alive(serverPid) ? undefined : true), 20_000);
      expect(out).toContain("stopped cleanly");
    } finally {
      // A test that failed part-way leaves npm and its server running: end the whole process group.
      if (group) {
        try {
          process.kill(-group, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("stops at start-up naming a bad variable", async () => {
    const bad = startServer(3413, {
      DATA_DIR: dataDir || tmpdir(),
      ENCRYPTION_KEY: "too-short",
      PORT: "70000",
    });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain("ENCRYPTION_KEY");
    expect(bad.output()).toContain("PORT");
  }, 30_000);
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, status, stop, waitFor } from "./server-process";

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
    const inbox = await fetch(`${first.url}/p/demo/inbox`, { headers: { cookie: session!.split(";")[0]! } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain("Inbox");

    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain("stopped cleanly");

    const second = startServer(3412, { DATA_DIR: dataDir });
    await waitFor("restart", async () => ((await status(`${second.url}/login`)) === 200 ? true : undefined));
    expect(second.output()).not.toContain("Demo project created");
    expect(await stop(second)).toBe(0);
  }, 120_000);

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

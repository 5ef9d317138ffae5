import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { killLeftovers, startServer, status, stop, waitFor } from "./server-process";

afterEach(killLeftovers);

// A TCP relay in front of PostgreSQL that the test can cut and restore, as a database outage would.
function relay(listenPort: number, target: number) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  return {
    up: () =>
      new Promise<void>((resolve) => {
        server = net.createServer((client) => {
          const upstream = net.connect(target, "127.0.0.1");
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on("close", () => sockets.delete(s));
            s.on("error", () => s.destroy());
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(listenPort, "127.0.0.1", resolve);
      }),
    down: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
      }),
  };
}

const admin = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
const dbName = `switchboard_boot_${randomBytes(3).toString("hex")}`;

describe("database outage", () => {
  beforeAll(async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${dbName}"`);
    await c.end();
  });
  afterAll(async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.end();
  });

  it("answers 503 while PostgreSQL is unreachable and recovers by itself when it returns", async () => {
    const pgPort = Number(new URL(admin).port || 5432);
    const proxy = relay(55432, pgPort);
    await proxy.up();
    const url = new URL(admin);
    url.port = "55432";
    url.pathname = `/${dbName}`;
    const server = startServer(3414, {
      DATABASE_URL: url.toString(),
      AUTH_SECRET: randomBytes(32).toString("base64"),
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });
    try {
      const health = `${server.url}/api/health`;
      await waitFor("healthy", async () => ((await status(health)) === 200 ? true : undefined));

      await proxy.down();
      await waitFor(
        "503 during the outage",
        async () => ((await status(health)) === 503 ? true : undefined),
        20_000,
      );
      const body = await (await fetch(health)).json();
      expect(body.database.status).toBe("down");
      // Meta's deliveries get a 503 (so Meta retries later) rather than hanging.
      const delivery = await fetch(`${server.url}/api/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=00" },
        body: JSON.stringify({
          object: "whatsapp_business_account",
          entry: [
            {
              id: "1",
              changes: [{ field: "messages", value: { metadata: { phone_number_id: "123456789" } } }],
            },
          ],
        }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(delivery.status).toBe(503);
      // Pages say something useful rather than hanging: the login page needs no database.
      expect(await status(`${server.url}/login`)).toBe(200);

      await proxy.up();
      await waitFor("recovery", async () => ((await status(health)) === 200 ? true : undefined), 30_000);
      expect(server.proc.exitCode).toBeNull();
    } finally {
      expect(await stop(server)).toBe(0);
      await proxy.down();
    }
  }, 150_000);
});

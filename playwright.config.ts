import { defineConfig } from "@playwright/test";

// Two production servers on one PostgreSQL database: the realtime spec proves that an event published
// by one instance reaches a browser connected to the other.
export const DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/switchboard_e2e";
export const PORT_A = Number(process.env.E2E_PORT_A ?? 3101);
export const PORT_B = Number(process.env.E2E_PORT_B ?? 3102);
// The webhooks spec starts a real SMTP server here to receive pause notices; nothing else listens on it,
// so in other specs a notice (none is expected) just fails to send.
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT_A + 25);
export const serverEnv = {
  NODE_ENV: "production",
  DATABASE_URL,
  AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  HOST: "127.0.0.1",
  NEXT_TELEMETRY_DISABLED: "1",
  // Local sinks the specs start (a model server) are on loopback, which the egress guard refuses otherwise.
  EGRESS_ALLOW_HOSTS: "127.0.0.1,localhost",
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  // Webhook retries after 1 s instead of 10/40/90 s, so a failing delivery is failed within seconds.
  WEBHOOK_RETRY_DELAYS_SECONDS: "1,1,1",
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  // Upper bounds for auto-waiting, not delays: generous so the suite passes on a busy 2-core machine
  // (two CPU-bound processes beside it); a passing step never waits for them. The first test of a run
  // also loads the app's factories for its tenant (e2e/fixtures.ts).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter:
    process.env.PW_REPORTER === "json"
      ? [["json", { outputFile: "test-results/e2e.json" }], ["list"]]
      : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT_A}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      command: `node scripts/e2e-db.mjs && node --import tsx server.ts`,
      url: `http://127.0.0.1:${PORT_A}/api/health`,
      env: { ...serverEnv, PORT: String(PORT_A) },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
    },
    {
      command: "node --import tsx server.ts",
      url: `http://127.0.0.1:${PORT_B}/api/health`,
      env: { ...serverEnv, PORT: String(PORT_B), WORKERS: "0" },
      reuseExistingServer: false,
      timeout: 180_000,
    },
  ],
});

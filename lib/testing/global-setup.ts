import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";

// A fresh PostgreSQL database per run, migrated by the same code the app runs at start-up.
export default async function setup(project: TestProject) {
  const admin = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/postgres";
  const name = `switchboard_it_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString() });
  const { applyMigrations } = await import("../db/migrate");
  await applyMigrations({
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    exec: async (sql) => {
      await pool.query(sql);
    },
  });
  // As on a deployed database where a worker has started: pg-boss's schema and every job's queue exist,
  // so code that enqueues works (the runtime itself is started only by the tests that run jobs).
  const { default: PgBoss } = await import("pg-boss");
  const { JOBS } = await import("../boot/platform");
  const boss = new PgBoss({
    connectionString: url.toString(),
    max: 2,
    schema: "pgboss",
    supervise: false,
    schedule: false,
  });
  await boss.start();
  for (const job of JOBS)
    await boss.createQueue(job.name, { name: job.name, policy: job.policy ?? "standard" });
  await boss.stop({ graceful: false, wait: true });
  await pool.end();
  project.provide("databaseUrl", url.toString());
  // One set of secrets for the whole run, as one deployment has: every test file shares the database, so
  // a secret sealed by one file (a webhook's, a number's token) must open in the next.
  project.provide("authSecret", process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"));
  project.provide("encryptionKey", process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"));
  return async () => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    authSecret: string;
    encryptionKey: string;
  }
}

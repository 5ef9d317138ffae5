import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import type { SqlRunner } from "./migrate";

export type DbKind = "postgres" | "pglite";

interface DbState {
  kind: DbKind;
  prisma: PrismaClient;
  /** Raw SQL for infrastructure (jobs, realtime adapter, health) and the measured ingest hot path. */
  sql: SqlRunner;
  pool?: pg.Pool;
  pglite?: PGlite;
}

// One client per process, shared by server.ts and every Next bundle (PGlite allows a single instance).
const g = globalThis as unknown as { __switchboardDb?: DbState };

function create(): DbState {
  const e = env();
  if (e.DATABASE_URL) {
    const poolConfig = {
      connectionString: e.DATABASE_URL,
      // Timestamps are stored as UTC wall-clock (Prisma's convention); keep SQL now() the same.
      options: "-c TimeZone=UTC",
      max: e.DB_POOL_SIZE,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
    };
    const pool = new pg.Pool(poolConfig);
    // A dropped connection must not crash the process; the pool reconnects on the next query.
    pool.on("error", (err) => console.error("[db] idle connection error:", err.message));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const sql: SqlRunner = {
      query: async (text, params) => (await pool.query(text, params)).rows,
      exec: async (text) => {
        await pool.query(text);
      },
    };
    return { kind: "postgres", prisma, sql, pool };
  }
  const dir = path.resolve(e.DATA_DIR, "pglite");
  const pglite = new PGlite(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql: SqlRunner = {
    query: async <R>(text: string, params?: unknown[]) => (await pglite.query<R>(text, params)).rows,
    exec: async (text) => {
      await pglite.exec(text);
    },
  };
  return { kind: "pglite", prisma, sql, pglite };
}

function state(): DbState {
  g.__switchboardDb ??= create();
  return g.__switchboardDb;
}

/** The Prisma client. Only lib/<domain> modules call this. */
export function db(): PrismaClient {
  return state().prisma;
}

export function dbInfra(): DbState {
  return state();
}

/** True when the database answers within the timeout. */
export async function pingDatabase(
  timeoutMs = 2000,
): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      state().sql.query("SELECT 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function closeDatabase(): Promise<void> {
  const s = g.__switchboardDb;
  if (!s) return;
  g.__switchboardDb = undefined;
  await s.prisma.$disconnect().catch(() => {});
  await s.pool?.end().catch(() => {});
  await s.pglite?.close().catch(() => {});
}

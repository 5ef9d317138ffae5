import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The little a migration run needs from a database, whether pg or PGlite. */
export interface SqlRunner {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

const LOCK_KEY = 72707369; // the advisory lock key Prisma's own migrate uses

/**
 * Applies pending prisma/migrations/<name>/migration.sql files in name order, each in its own transaction,
 * recording them in `_prisma_migrations` with the same columns and checksums as Prisma's CLI, so the two
 * tools agree about what has been applied. Safe to run from several instances at once (advisory lock).
 */
export async function applyMigrations(
  db: SqlRunner,
  dir = path.resolve("prisma/migrations"),
  log: (msg: string) => void = () => {},
): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
  await db.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
  const applied: string[] = [];
  try {
    const rows = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      if (done.has(name)) {
        if (done.get(name) !== checksum) log(`warning: migration ${name} was edited after it was applied`);
        continue;
      }
      const id = randomUUID();
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
        [id, checksum, name],
      );
      try {
        await db.exec(`BEGIN;\n${sql}\n;COMMIT;`);
      } catch (e) {
        await db.exec("ROLLBACK").catch(() => {});
        await db.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, String(e)]);
        throw new Error(`Migration ${name} failed: ${(e as Error).message}`);
      }
      await db.query(
        `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
        [id],
      );
      applied.push(name);
      log(`applied migration ${name}`);
    }
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
  }
  return applied;
}

import path from "node:path";
import { dbInfra } from "./client";
import { applyMigrations } from "./migrate";

/** Opens the database and applies pending migrations. Called once by each process entry, never by Next. */
export async function initDatabase(log: (m: string) => void = console.log) {
  const s = dbInfra();
  if (s.pglite) await s.pglite.waitReady;
  await applyMigrations(s.sql, path.resolve("prisma/migrations"), log);
  return s;
}

import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// PGlite is one process's database: a second process opening the same directory sees none of the
// first one's writes and can corrupt it. Whoever opens it records itself here; local tools (npm run
// api-key) then talk to a running server instead of opening the files themselves.

/** Where a server that owns PGlite takes requests from local tools (lib/api-keys/local-channel.ts). */
export const LOCAL_API_KEY_PATH = "/__local/api-keys";

export interface PgliteOwner {
  pid: number;
  role: "server" | "cli";
  /** Where a running server answers local tools, and the secret they must present. */
  url?: string;
  token?: string;
}

const file = (dataDir: string) => path.join(dataDir, "pglite.owner.json");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live process that holds the PGlite directory, or null (a stale record is ignored). */
export function pgliteOwner(dataDir: string): PgliteOwner | null {
  if (!existsSync(file(dataDir))) return null;
  try {
    const owner = JSON.parse(readFileSync(file(dataDir), "utf8")) as PgliteOwner;
    return owner.pid !== process.pid && alive(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

export class PgliteBusyError extends Error {}

/**
 * Records this process as PGlite's owner, or throws when another live process holds it. A server also
 * publishes its local URL and a fresh token (the file is readable by this user only).
 */
export function claimPglite(dataDir: string, role: PgliteOwner["role"], url?: string): PgliteOwner {
  const other = pgliteOwner(dataDir);
  if (other)
    throw new PgliteBusyError(
      `The embedded database in ${dataDir}/pglite is open in process ${other.pid} (${other.role === "server" ? "a Switchboard server" : "another tool"}). Stop it first, or set DATABASE_URL to share a PostgreSQL database.`,
    );
  const me: PgliteOwner = {
    pid: process.pid,
    role,
    ...(url ? { url, token: randomBytes(32).toString("base64url") } : {}),
  };
  writeFileSync(file(dataDir), JSON.stringify(me), { mode: 0o600 });
  const release = () => releasePglite(dataDir);
  process.once("exit", release);
  return me;
}

export function releasePglite(dataDir: string): void {
  try {
    const owner = JSON.parse(readFileSync(file(dataDir), "utf8")) as PgliteOwner;
    if (owner.pid === process.pid) rmSync(file(dataDir), { force: true });
  } catch {}
}

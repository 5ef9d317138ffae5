import "@/lib/server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

// Failed sign-ins are counted in the database so every instance sees the same numbers.
function emailHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

/** True when this email or this address has failed too often within the window. */
export async function isLoginBlocked(email: string, ip: string): Promise<boolean> {
  const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env();
  const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
  const [byEmail, byIp] = await Promise.all([
    db().loginAttempt.count({ where: { emailHash: emailHash(email), createdAt: { gte: since } } }),
    // An address gets more room than one account: offices share addresses.
    db().loginAttempt.count({ where: { ip, createdAt: { gte: since } } }),
  ]);
  return byEmail >= LOGIN_MAX_FAILURES || byIp >= LOGIN_MAX_FAILURES * 4;
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  await db().loginAttempt.create({ data: { emailHash: emailHash(email), ip } });
}

export async function clearLoginFailures(email: string): Promise<void> {
  await db().loginAttempt.deleteMany({ where: { emailHash: emailHash(email) } });
}

/** Drops records older than the window (run by the maintenance job). */
export async function pruneLoginAttempts(): Promise<number> {
  const since = new Date(Date.now() - env().LOGIN_WINDOW_MINUTES * 60_000);
  const r = await db().loginAttempt.deleteMany({ where: { createdAt: { lt: since } } });
  return r.count;
}

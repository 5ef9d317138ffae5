import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

// A signed JWT cookie cannot be taken back, so each sign-in also gets a row (Auth.js's Session table,
// keyed by a random id the JWT carries). Every request checks the row: deleting it ends that session
// on its next page, action, route or socket, wherever the cookie is.

export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

export async function openSession(userId: string): Promise<string> {
  const sid = randomBytes(24).toString("base64url");
  // Expired rows of this user go here, so the table stays small without a job of its own.
  await db().session.deleteMany({ where: { userId, expires: { lt: new Date() } } });
  await db().session.create({
    data: { sessionToken: sid, userId, expires: new Date(Date.now() + SESSION_MAX_AGE_S * 1000) },
  });
  return sid;
}

/** True when the session row still exists, belongs to this user and has not expired. */
export async function sessionActive(sid: unknown, userId: unknown): Promise<boolean> {
  if (typeof sid !== "string" || typeof userId !== "string" || !sid) return false;
  const row = await db().session.findUnique({
    where: { sessionToken: sid },
    select: { userId: true, expires: true },
  });
  return !!row && row.userId === userId && row.expires.getTime() > Date.now();
}

export async function endSession(sid: unknown): Promise<void> {
  if (typeof sid !== "string" || !sid) return;
  await db().session.deleteMany({ where: { sessionToken: sid } });
}

/** Ends every session of a user but the one given (a password change keeps the caller signed in). */
export async function endOtherSessions(userId: string, keepSid: string | null): Promise<number> {
  const r = await db().session.deleteMany({
    where: { userId, ...(keepSid ? { sessionToken: { not: keepSid } } : {}) },
  });
  return r.count;
}

/** Which of a user's sessions just ended: one (sign-out) or all but one (a password change). */
export type EndedSessions = { only: string } | { except: string | null };
type EndedListener = (userId: string, which: EndedSessions) => Promise<void>;

// The socket server closes the ended sessions' sockets. It registers itself here at start-up (auth never
// imports it); kept on globalThis because Next's bundle and server.ts load separate copies of this module.
const g = globalThis as { __sbSessionsEnded?: EndedListener };

export function onSessionsEnded(listener: EndedListener): void {
  g.__sbSessionsEnded = listener;
}

/** Tells the socket server (if one runs in this process) to close the ended sessions' sockets. */
export async function announceSessionsEnded(userId: string, which: EndedSessions): Promise<void> {
  await g.__sbSessionsEnded?.(userId, which).catch(() => {});
}

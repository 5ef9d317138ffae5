import "@/lib/server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import { type ProjectId, trustedProjectId } from "./project-id";

// Turning a presented API key into a project scope is authentication, so it lives with auth (which
// alone mints ProjectIds); lib/api-keys keeps creating, listing and revoking keys.

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

const TOUCH_EVERY_MS = 60_000;

/** The key a request presents: `X-API-Key`, or `Authorization: Bearer` as Kapso's SDK sends it. */
export function apiKeyOf(req: Request): string | null {
  const header = req.headers.get("x-api-key");
  if (header) return header.trim();
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  return m?.[1]?.trim() ?? null;
}

/** The project a presented key belongs to, or null. Revoked keys stop working at once. */
export async function projectForApiKey(key: string): Promise<{ projectId: ProjectId; keyId: string } | null> {
  if (!key.startsWith("sbk_") || key.length > 100) return null;
  const row = await db().apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: { id: true, projectId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  // "Last used" within a minute is precise enough and spares a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { projectId: trustedProjectId(row.projectId), keyId: row.id };
}

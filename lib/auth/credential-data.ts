import "@/lib/server-only";
import { createHash } from "node:crypto";
import type { ThemeMode } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type ProjectId, trustedProjectId } from "./project-id";
import type { Scope } from "./scope";

// Credentials that are not a session: project API keys and embed tokens. They live in auth (not in the
// api-keys and embeds domains) because the HTTP layer mints scopes from them, and those domains' actions
// import the HTTP layer: keeping verification here keeps lib/http → lib/auth one-way.

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");
export const hashEmbedToken = (token: string) => createHash("sha256").update(token).digest("hex");

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

/** What an embed token opens; `access` is the scope plus the embed as actor (an inbox access). */
export interface ResolvedEmbed {
  id: string;
  name: string;
  projectId: ProjectId;
  allowedOrigins: string[];
  defaultMode: ThemeMode;
  expiresAt: Date | null;
  access: Scope & { actor: { kind: "embed"; embedId: string } };
}

/**
 * The embed a token opens, with the inbox access it grants, or a 401 for an unknown, expired or
 * revoked token. The scope is resolved on every call, so a customer's new number shows up and a
 * revocation takes effect at once.
 */
export async function resolveEmbedToken(
  token: string,
  opts: { touch?: boolean } = {},
): Promise<ResolvedEmbed> {
  const invalid = new AppError(
    "unauthenticated",
    "This inbox link is not valid: it may have expired or been revoked. Ask for a new one.",
  );
  if (!/^sbe_[\w-]{20,100}$/.test(token)) throw invalid;
  const row = await db().inboxEmbed.findUnique({
    where: { tokenHash: hashEmbedToken(token) },
    select: {
      id: true,
      name: true,
      projectId: true,
      scope: true,
      customerId: true,
      phoneNumberId: true,
      allowedOrigins: true,
      defaultMode: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) throw invalid;
  // Loading the page does not count as use: the browser may still refuse to frame it. Its API calls
  // (once their origin passed) and its socket (which only run inside a frame that was shown) do.
  if (opts.touch !== false && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS))
    await touchEmbed(row.id);
  let numberIds: string[] | undefined;
  if (row.scope === "PHONE_NUMBER") numberIds = row.phoneNumberId ? [row.phoneNumberId] : [];
  if (row.scope === "CUSTOMER") {
    const numbers = await db().phoneNumber.findMany({
      where: { projectId: row.projectId, customerId: row.customerId ?? "-" },
      select: { id: true },
    });
    numberIds = numbers.map((n) => n.id);
  }
  const projectId = trustedProjectId(row.projectId);
  return {
    id: row.id,
    name: row.name,
    projectId,
    allowedOrigins: row.allowedOrigins,
    defaultMode: row.defaultMode,
    // A date stored before dates were bounded (year 10000+) reads back invalid: treat it as no expiry
    // rather than failing every request.
    expiresAt: row.expiresAt && !Number.isNaN(row.expiresAt.getTime()) ? row.expiresAt : null,
    access: { projectId, actor: { kind: "embed", embedId: row.id }, ...(numberIds ? { numberIds } : {}) },
  };
}

/** Records that an embed was used (at most once a minute: this runs on every API call). */
export async function touchEmbed(embedId: string): Promise<void> {
  await db().inboxEmbed.updateMany({
    where: {
      id: embedId,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - TOUCH_EVERY_MS) } }],
    },
    data: { lastUsedAt: new Date() },
  });
}

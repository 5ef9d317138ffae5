import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { audit } from "@/lib/audit/mutations";
import { hashApiKey } from "@/lib/auth/credential-data";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Creates a key and returns it in full once; only its hash and a display prefix are stored. */
export async function createApiKey(
  scope: Scope,
  actor: Actor,
  { name }: { name: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const { projectId } = scope;
  const createdById = actor.kind === "user" ? actor.userId : null;
  const key = `sbk_${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, 12);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { projectId, name, prefix, hash: hashApiKey(key), createdById },
      select: { id: true },
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      data: { name, prefix },
    });
    return created;
  });
  return { id: row.id, key, prefix };
}

export async function revokeApiKey(scope: Scope, actor: Actor, { keyId }: { keyId: string }): Promise<void> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const r = await tx.apiKey.updateMany({
      where: { id: keyId, projectId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (r.count === 0) throw new AppError("not_found", "That API key does not exist or is already revoked.");
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
    });
  });
}

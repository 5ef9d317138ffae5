import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { audit } from "@/lib/audit/mutations";
import { hashApiKey } from "@/lib/auth/credential-data";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** Creates a key and returns it in full once; only its hash and a display prefix are stored. */
export async function createApiKey(
  projectId: ProjectId,
  name: string,
  createdById: string | null,
): Promise<{ id: string; key: string; prefix: string }> {
  const key = `sbk_${randomBytes(32).toString("base64url")}`;
  const prefix = key.slice(0, 12);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { projectId, name, prefix, hash: hashApiKey(key), createdById },
      select: { id: true },
    });
    await audit(tx, projectId, {
      actorUserId: createdById ?? undefined,
      action: "api_key.created",
      targetType: "api_key",
      targetId: created.id,
      data: { name, prefix },
    });
    return created;
  });
  return { id: row.id, key, prefix };
}

export async function revokeApiKey(projectId: ProjectId, keyId: string, actorUserId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const r = await tx.apiKey.updateMany({
      where: { id: keyId, projectId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (r.count === 0) throw new AppError("not_found", "That API key does not exist or is already revoked.");
    await audit(tx, projectId, {
      actorUserId,
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: keyId,
    });
  });
}

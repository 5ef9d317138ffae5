import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { type EmbedDto, getEmbed, hashEmbedToken } from "./data";
import type { CreateEmbedInput, UpdateEmbedInput } from "./schema";

/** Creates an embed; the token is returned once and only its hash is kept. */
export async function createEmbed(
  scope: Scope,
  actor: Actor,
  input: CreateEmbedInput,
): Promise<{ embed: EmbedDto; token: string }> {
  const { projectId } = scope;
  let customerId: string | null = null;
  let phoneNumberId: string | null = null;
  if (input.scope === "CUSTOMER") {
    const c = await db().customer.findFirst({
      where: { id: input.scopeId ?? "", projectId },
      select: { id: true },
    });
    if (!c)
      throw new AppError("validation", "scope_id: no such customer in this project", {
        fields: { scopeId: "No such customer in this project" },
      });
    customerId = c.id;
  }
  if (input.scope === "PHONE_NUMBER") {
    // Our id or Meta's phone_number_id (what Kapso's API takes) both work.
    const n = await db().phoneNumber.findFirst({
      where: { projectId, OR: [{ id: input.scopeId ?? "" }, { phoneNumberId: input.scopeId ?? "" }] },
      select: { id: true },
    });
    if (!n)
      throw new AppError("validation", "scope_id: no such phone number in this project", {
        fields: { scopeId: "No such phone number in this project" },
      });
    phoneNumberId = n.id;
  }
  const token = `sbe_${randomBytes(32).toString("base64url")}`;
  const id = await db().$transaction(async (tx) => {
    const row = await tx.inboxEmbed.create({
      data: {
        projectId,
        name: input.name,
        scope: input.scope,
        customerId,
        phoneNumberId,
        allowedOrigins: input.allowedOrigins,
        defaultMode: input.defaultMode,
        expiresAt: input.expiresAt ?? null,
        tokenHash: hashEmbedToken(token),
        tokenPrefix: token.slice(0, 10),
        createdById: actor.kind === "user" ? actor.userId : null,
      },
      select: { id: true },
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "inbox_embed.created",
      targetType: "inbox_embed",
      targetId: row.id,
      data: { name: input.name, scope: input.scope },
    });
    await emit(tx, projectId, "embed.created", { embedId: row.id });
    return row.id;
  });
  wakeDispatcher();
  return { embed: await getEmbed(projectId, id), token };
}

/** Changes name, origins, expiry or mode; the scope cannot change (create a new embed instead). */
export async function updateEmbed(
  scope: Scope,
  actor: Actor,
  { embedId: id, ...input }: UpdateEmbedInput & { embedId: string },
): Promise<EmbedDto> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const r = await tx.inboxEmbed.updateMany({
      where: { id, projectId, revokedAt: null },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.allowedOrigins !== undefined ? { allowedOrigins: input.allowedOrigins } : {}),
        ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
        ...(input.defaultMode !== undefined ? { defaultMode: input.defaultMode } : {}),
      },
    });
    if (r.count === 0) throw new AppError("not_found", "Inbox embed not found (or it was revoked).");
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "inbox_embed.updated",
      targetType: "inbox_embed",
      targetId: id,
    });
    await emit(tx, projectId, "embed.updated", { embedId: id });
  });
  wakeDispatcher();
  return getEmbed(projectId, id);
}

/** Revokes at once: the token stops working and open embed sockets are disconnected. */
export async function revokeEmbed(
  scope: Scope,
  actor: Actor,
  { embedId: id }: { embedId: string },
): Promise<void> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const r = await tx.inboxEmbed.updateMany({
      where: { id, projectId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (r.count === 0) throw new AppError("not_found", "Inbox embed not found or already revoked.");
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "inbox_embed.revoked",
      targetType: "inbox_embed",
      targetId: id,
    });
    // Open embed sockets are closed by the realtime subscriber once this commits.
    await emit(tx, projectId, "embed.revoked", { embedId: id });
  });
  wakeDispatcher();
}

import "@/lib/server-only";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, conversationScope, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";

type Tx = Prisma.TransactionClient;

export interface ContactIdentity {
  waId?: string;
  bsuid?: string;
  profileName?: string;
}

/**
 * Finds or creates the contact for a sender. Meta may send the phone-number id (wa_id), the
 * business-scoped user id, or both; whichever we already know wins and the other is filled in.
 */
export async function upsertContact(
  tx: Tx,
  projectId: ProjectId,
  who: ContactIdentity,
): Promise<{ id: string }> {
  const or: Prisma.ContactWhereInput[] = [];
  if (who.waId) or.push({ waId: who.waId });
  if (who.bsuid) or.push({ bsuid: who.bsuid });
  if (or.length === 0) throw new Error("message has neither wa_id nor user_id");
  const existing = await tx.contact.findFirst({
    where: { projectId, OR: or },
    select: { id: true, waId: true, bsuid: true, profileName: true },
  });
  if (existing) {
    const data: Prisma.ContactUpdateInput = {};
    if (who.waId && !existing.waId) data.waId = who.waId;
    if (who.bsuid && !existing.bsuid) data.bsuid = who.bsuid;
    if (who.profileName && who.profileName !== existing.profileName) data.profileName = who.profileName;
    if (Object.keys(data).length > 0) await tx.contact.update({ where: { id: existing.id }, data });
    return { id: existing.id };
  }
  return tx.contact.create({
    data: { projectId, waId: who.waId, bsuid: who.bsuid, profileName: who.profileName },
    select: { id: true },
  });
}

export const contactPatchSchema = z
  .object({
    profile_name: z.string().trim().min(1, "profile_name: at least one character").max(256).optional(),
    display_name: z.string().trim().max(256).nullable().optional(),
    metadata: z
      .record(z.string().max(100), z.unknown(), { message: "metadata must be a JSON object" })
      .refine((m) => JSON.stringify(m).length <= 16_384, "metadata: at most 16 KB")
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "Send at least one of profile_name, display_name, metadata");

/**
 * Kapso's contact edit: the profile and display names and free-form metadata of a contact the caller
 * can see (one with a conversation in its scope). Returns false when there is none.
 */
export async function updateContact(
  scope: Scope,
  _actor: Actor,
  { waId, changes: input }: { waId: string; changes: z.infer<typeof contactPatchSchema> },
): Promise<boolean> {
  const r = await db().contact.updateMany({
    where: { projectId: scope.projectId, waId, conversations: { some: conversationScope(scope) } },
    data: {
      ...(input.profile_name !== undefined ? { profileName: input.profile_name } : {}),
      ...(input.display_name !== undefined ? { displayName: input.display_name || null } : {}),
      ...(input.metadata !== undefined ? { metadata: input.metadata as Prisma.InputJsonObject } : {}),
    },
  });
  return r.count > 0;
}

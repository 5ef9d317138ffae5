import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";

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

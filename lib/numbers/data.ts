import "@/lib/server-only";
import type { PhoneNumberKind } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export interface PhoneNumberDto {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  kind: PhoneNumberKind;
  wabaId: string;
  healthy: boolean;
  healthError: string | null;
  qualityRating: string | null;
  messagingLimitTier: string | null;
  customerName: string | null;
}

/** Numbers of a project. Credentials never leave the data layer. */
export async function listNumbers(projectId: ProjectId): Promise<PhoneNumberDto[]> {
  const rows = await db().phoneNumber.findMany({
    where: { projectId },
    select: {
      id: true,
      phoneNumberId: true,
      displayPhoneNumber: true,
      verifiedName: true,
      kind: true,
      wabaId: true,
      healthy: true,
      healthError: true,
      qualityRating: true,
      messagingLimitTier: true,
      customer: { select: { name: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(({ customer, ...r }) => ({ ...r, customerName: customer?.name ?? null }));
}

export async function countNumbers(projectId: ProjectId): Promise<number> {
  return db().phoneNumber.count({ where: { projectId } });
}

/** Whether some number was connected with this verify token (Meta's webhook handshake). */
export async function verifyTokenHashKnown(hash: string): Promise<string | null> {
  const n = await db().phoneNumber.findFirst({
    where: { verifyTokenHash: hash },
    select: { verifyTokenHash: true },
  });
  return n?.verifyTokenHash ?? null;
}

/** One of the project's numbers on a WhatsApp Business Account (the proxy's /{waba_id}/… paths). */
export async function wabaNumberInProject(projectId: ProjectId, wabaId: string): Promise<string | null> {
  const n = await db().phoneNumber.findFirst({ where: { projectId, wabaId }, select: { id: true } });
  return n?.id ?? null;
}

/** Our id of the project's number with this Meta phone_number_id, or null. */
export async function numberIdInProject(projectId: ProjectId, phoneNumberId: string): Promise<string | null> {
  const n = await db().phoneNumber.findFirst({ where: { projectId, phoneNumberId }, select: { id: true } });
  return n?.id ?? null;
}

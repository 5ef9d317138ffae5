import "@/lib/server-only";
import type { PhoneNumberKind } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";

// The rows behind numbers/credentials.ts (which decrypts and caches them).

export const credentialSelect = {
  id: true,
  projectId: true,
  kind: true,
  phoneNumberId: true,
  wabaId: true,
  displayPhoneNumber: true,
  accessTokenEnc: true,
  appSecretEnc: true,
} as const;

export type CredentialRow = {
  [K in keyof typeof credentialSelect]: K extends "kind"
    ? PhoneNumberKind
    : K extends "accessTokenEnc" | "appSecretEnc"
      ? string | null
      : string;
};

export function credentialRowByMetaId(phoneNumberId: string): Promise<CredentialRow | null> {
  return db().phoneNumber.findUnique({ where: { phoneNumberId }, select: credentialSelect });
}

export function credentialRowsByWaba(wabaId: string): Promise<CredentialRow[]> {
  return db().phoneNumber.findMany({ where: { wabaId }, select: credentialSelect });
}

export function credentialRowInProject(projectId: string, id: string): Promise<CredentialRow | null> {
  return db().phoneNumber.findFirst({ where: { id, projectId }, select: credentialSelect });
}

/** Graph refused the number's token: the Numbers page shows it until the token is replaced. */
export async function markNumberUnhealthy(id: string, reason: string): Promise<void> {
  await db()
    .phoneNumber.update({ where: { id }, data: { healthy: false, healthError: reason } })
    .catch(() => {});
}

import type { PhoneNumberKind } from "@/generated/prisma/enums";
import { type ProjectId, trustedProjectId } from "@/lib/auth/project-id";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

/** A number with its decrypted credentials. Server-side only; never serialised to a client. */
export interface NumberWithSecrets {
  id: string;
  projectId: ProjectId;
  kind: PhoneNumberKind;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  accessToken: string | null;
  appSecret: string | null;
}

// Decrypting on every webhook would cost more than the rest of the request; a short cache keeps
// credential changes visible within TTL_MS on every instance.
const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: NumberWithSecrets | null }>();

const select = {
  id: true,
  projectId: true,
  kind: true,
  phoneNumberId: true,
  wabaId: true,
  displayPhoneNumber: true,
  accessTokenEnc: true,
  appSecretEnc: true,
} as const;

type Row = {
  [K in keyof typeof select]: K extends "kind"
    ? PhoneNumberKind
    : K extends "accessTokenEnc" | "appSecretEnc"
      ? string | null
      : string;
};

function open(row: Row): NumberWithSecrets {
  const key = env().ENCRYPTION_KEY;
  const { accessTokenEnc, appSecretEnc, projectId, ...rest } = row;
  return {
    ...rest,
    projectId: trustedProjectId(projectId),
    accessToken: accessTokenEnc ? decryptSecret(accessTokenEnc, key) : null,
    appSecret: appSecretEnc ? decryptSecret(appSecretEnc, key) : null,
  };
}

/** By Meta's phone_number_id (what webhooks and Graph paths carry). */
export async function numberByMetaId(phoneNumberId: string): Promise<NumberWithSecrets | null> {
  const hit = cache.get(phoneNumberId);
  // "No such number" is remembered briefly only: a number connected a moment ago must start working.
  if (hit && Date.now() - hit.at < (hit.value ? TTL_MS : 5_000)) return hit.value;
  const row = await db().phoneNumber.findUnique({ where: { phoneNumberId }, select });
  const value = row ? open(row) : null;
  cache.set(phoneNumberId, { at: Date.now(), value });
  return value;
}

const wabaCache = new Map<string, { at: number; value: NumberWithSecrets[] }>();

export async function numbersByWaba(wabaId: string): Promise<NumberWithSecrets[]> {
  const hit = wabaCache.get(wabaId);
  if (hit && Date.now() - hit.at < (hit.value.length > 0 ? TTL_MS : 5_000)) return hit.value;
  const rows = await db().phoneNumber.findMany({ where: { wabaId }, select });
  const value = rows.map(open);
  wabaCache.set(wabaId, { at: Date.now(), value });
  return value;
}

/** A project's own number by our id; null when it belongs to another project. */
export async function projectNumber(projectId: ProjectId, id: string): Promise<NumberWithSecrets | null> {
  const row = await db().phoneNumber.findFirst({ where: { id, projectId }, select });
  return row ? open(row) : null;
}

export function forgetNumber(phoneNumberId: string): void {
  cache.delete(phoneNumberId);
  wabaCache.clear();
}

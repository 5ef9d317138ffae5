import { LRUCache } from "lru-cache";
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
// credential changes visible within TTL_MS on every instance. Bounded (LRU): ids in webhooks come from
// the sender, and a flood of unknown ids must not grow memory.
const TTL_MS = 30_000;
const MISS_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new LRUCache<string, { value: NumberWithSecrets | null }>({ max: MAX_ENTRIES });

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
  if (hit) return hit.value;
  const row = await db().phoneNumber.findUnique({ where: { phoneNumberId }, select });
  const value = row ? open(row) : null;
  // "No such number" is remembered briefly only: a number connected a moment ago must start working.
  cache.set(phoneNumberId, { value }, { ttl: value ? TTL_MS : MISS_TTL_MS });
  return value;
}

const wabaCache = new LRUCache<string, NumberWithSecrets[]>({ max: MAX_ENTRIES });

export async function numbersByWaba(wabaId: string): Promise<NumberWithSecrets[]> {
  const hit = wabaCache.get(wabaId);
  if (hit) return hit;
  const rows = await db().phoneNumber.findMany({ where: { wabaId }, select });
  const value = rows.map(open);
  wabaCache.set(wabaId, value, { ttl: value.length > 0 ? TTL_MS : MISS_TTL_MS });
  return value;
}

/** How many entries the credential caches hold (tests check that they stay bounded). */
export function credentialCacheSize(): number {
  return cache.size + wabaCache.size;
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

import "@/lib/server-only";
import { LRUCache } from "lru-cache";
import type { PhoneNumberKind } from "@/generated/prisma/enums";
import { type ProjectId, trustedProjectId } from "@/lib/auth/project-id";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { onTokenRejected } from "@/lib/meta/client";
import {
  type CredentialRow,
  credentialRowByMetaId,
  credentialRowInProject,
  credentialRowsByWaba,
  markNumberUnhealthy,
} from "./credential-store";

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

function open(row: CredentialRow): NumberWithSecrets {
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
  const row = await credentialRowByMetaId(phoneNumberId);
  const value = row ? open(row) : null;
  // "No such number" is remembered briefly only: a number connected a moment ago must start working.
  cache.set(phoneNumberId, { value }, { ttl: value ? TTL_MS : MISS_TTL_MS });
  return value;
}

const wabaCache = new LRUCache<string, NumberWithSecrets[]>({ max: MAX_ENTRIES });

export async function numbersByWaba(wabaId: string): Promise<NumberWithSecrets[]> {
  const hit = wabaCache.get(wabaId);
  if (hit) return hit;
  const rows = await credentialRowsByWaba(wabaId);
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
  const row = await credentialRowInProject(projectId, id);
  return row ? open(row) : null;
}

export function forgetNumber(phoneNumberId: string): void {
  cache.delete(phoneNumberId);
  wabaCache.clear();
}

// Every number a Graph call is made for comes from here, so the transport learns here what to do
// when Meta refuses a token (lib/meta knows nothing of how numbers are stored).
onTokenRejected(async (number, reason) => {
  await markNumberUnhealthy(number.id, reason);
  forgetNumber(number.phoneNumberId);
});

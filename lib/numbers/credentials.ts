import "@/lib/server-only";
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
// credential changes visible within TTL_MS on every instance.
const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: NumberWithSecrets | null }>();

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
  // "No such number" is remembered briefly only: a number connected a moment ago must start working.
  if (hit && Date.now() - hit.at < (hit.value ? TTL_MS : 5_000)) return hit.value;
  const row = await credentialRowByMetaId(phoneNumberId);
  const value = row ? open(row) : null;
  cache.set(phoneNumberId, { at: Date.now(), value });
  return value;
}

const wabaCache = new Map<string, { at: number; value: NumberWithSecrets[] }>();

export async function numbersByWaba(wabaId: string): Promise<NumberWithSecrets[]> {
  const hit = wabaCache.get(wabaId);
  if (hit && Date.now() - hit.at < (hit.value.length > 0 ? TTL_MS : 5_000)) return hit.value;
  const rows = await credentialRowsByWaba(wabaId);
  const value = rows.map(open);
  wabaCache.set(wabaId, { at: Date.now(), value });
  return value;
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

import { randomUUID } from "node:crypto";
import { verifySignature } from "@kapso/whatsapp-cloud-api/server";
import { env } from "@/lib/env";
import { numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { envelopeSchema, metaPhoneNumberIds, wabaIds } from "./envelope";
import { storeRawEvent } from "./event-store";

export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export type ReceiveResult =
  | { status: 200; eventId: string | null; orphan: boolean; body?: unknown }
  | { status: 400 | 401 | 413; error: string };

/**
 * Checks a webhook POST and stores it. Nothing is stored unless the X-Hub-Signature-256 matches the
 * app secret of a number the payload names (or META_APP_SECRET). Processing happens afterwards.
 */
export async function receiveWebhook(raw: Buffer, signature: string | null): Promise<ReceiveResult> {
  if (raw.length > MAX_WEBHOOK_BYTES) return { status: 413, error: "Payload larger than 3 MB" };
  if (!signature) return { status: 401, error: "Missing X-Hub-Signature-256" };

  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return { status: 400, error: "Body is not valid JSON" };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { status: 400, error: "Body is not a WhatsApp webhook envelope" };

  const byId = (await Promise.all(metaPhoneNumberIds(parsed.data).map(numberByMetaId))).filter(
    (n) => n !== null,
  );
  const byWaba = (await Promise.all(wabaIds(parsed.data).map(numbersByWaba))).flat();
  const known = [...byId, ...byWaba];
  const appSecret = env().META_APP_SECRET;
  const secrets = new Set(known.map((n) => n.appSecret).filter((s): s is string => !!s));
  if (appSecret) secrets.add(appSecret);

  if (secrets.size === 0) {
    // No number of ours and no app secret to check it with: we cannot tell Meta from a forger, so keep
    // nothing, but answer 200 so Meta stops retrying an event that will never be ours.
    console.warn(
      `[webhooks] ignored an event for unknown numbers ${metaPhoneNumberIds(parsed.data).join(", ") || "(none)"}; set META_APP_SECRET to keep such events as orphans`,
    );
    return { status: 200, eventId: null, orphan: true };
  }
  const signer = [...secrets].find((s) =>
    verifySignature({ appSecret: s, rawBody: raw, signatureHeader: signature }),
  );
  if (!signer) return { status: 401, error: "Signature does not match" };
  // A signature vouches only for the numbers of the app that signed: one tenant's app secret must
  // not carry events for another tenant's number or WABA in the same envelope.
  if (signer !== appSecret && known.some((n) => n.appSecret !== signer)) {
    return { status: 401, error: "Signature does not cover every number in this payload" };
  }

  const owner = known[0];
  const id = randomUUID();
  // The whole synchronous cost of a webhook: one row, committed with whatever else arrived meanwhile.
  await storeRawEvent({
    id,
    projectId: owner?.projectId ?? null,
    phoneNumberId: byId[0]?.id ?? null,
    wabaId: wabaIds(parsed.data)[0] ?? null,
    body: raw.toString("utf8"),
    status: owner ? "PENDING" : "ORPHAN",
  });

  return { status: 200, eventId: id, orphan: !owner, body: json };
}

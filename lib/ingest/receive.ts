import { randomUUID } from "node:crypto";
import { verifySignature } from "@kapso/whatsapp-cloud-api/server";
import { env } from "@/lib/env";
import { type NumberWithSecrets, numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { numbersWithMetaWebhook } from "@/lib/webhooks/meta-store";
import { noteRejected } from "@/lib/webhooks/rejections-store";
import { envelopeSchema, metaPhoneNumberIds, wabaIds } from "./envelope";
import { storeForwardedEvent, storeRawEvent } from "./event-store";

export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;
/** Distinct phone_number_ids (or WABA ids) one delivery may name. */
export const MAX_IDS_PER_EVENT = 50;

/** Sender-controlled text in a log line: short, printable. */
const clip = (s: string) => s.slice(0, 32).replace(/[^\w.-]/g, "?");

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

  // Meta names one number per change and a handful of changes per delivery; anything past this is
  // not Meta, and must not buy database work before its signature is checked.
  const ids = metaPhoneNumberIds(parsed.data);
  const wabas = wabaIds(parsed.data);
  if (ids.length > MAX_IDS_PER_EVENT || wabas.length > MAX_IDS_PER_EVENT)
    return { status: 400, error: `A webhook names at most ${MAX_IDS_PER_EVENT} numbers or accounts` };

  // Verify first, with the secret of the first number named (a phone_number_id, else a WABA) and the
  // deployment's own app secret: a forged request costs at most one lookup.
  const appSecret = env().META_APP_SECRET;
  const first = ids[0] ? await numberByMetaId(ids[0]) : null;
  const firstWaba = !first && wabas[0] ? await numbersByWaba(wabas[0]) : [];
  const candidates = new Set([first, ...firstWaba].map((n) => n?.appSecret).filter((s): s is string => !!s));
  if (appSecret) candidates.add(appSecret);
  if (candidates.size === 0) {
    // No number of ours and no app secret to check it with: we cannot tell Meta from a forger, so keep
    // nothing, but answer 200 so Meta stops retrying an event that will never be ours.
    console.warn(
      `[webhooks] ignored an event for ${ids.length} unknown number(s) (first ${clip(ids[0] ?? wabas[0] ?? "none")}); set META_APP_SECRET to keep such events as orphans`,
    );
    return { status: 200, eventId: null, orphan: true };
  }
  const signer = [...candidates].find((s) =>
    verifySignature({ appSecret: s, rawBody: raw, signatureHeader: signature }),
  );
  if (!signer) {
    // The number is ours: its admin should see that something signed with another secret names it.
    if (first) noteRejected(first, "signature_mismatch");
    return { status: 401, error: "Signature does not match" };
  }

  // Signed: now every number named. A phone_number_id is one number, verified against its WABA when
  // it was connected, so a signature vouches only for numbers whose app secret signed it. A WABA id
  // is only routing: numbers of another project that claim the same WABA are left out rather than
  // allowed to change how this event is verified.
  const byId = (await Promise.all(ids.map(numberByMetaId))).filter((n) => n !== null);
  if (signer !== appSecret && byId.some((n) => n.appSecret !== signer))
    return { status: 401, error: "Signature does not cover every number in this payload" };
  const byWaba: NumberWithSecrets[] = [];
  for (const numbers of await Promise.all(wabas.map(numbersByWaba))) {
    const signed = numbers.filter((n) => n.appSecret === signer || signer === appSecret);
    if (numbers.length > 0 && signed.length === 0)
      return { status: 401, error: "Signature does not cover every account in this payload" };
    byWaba.push(...signed);
  }
  const known = [...byId, ...byWaba];

  const owner = known[0];
  const id = randomUUID();
  // The whole synchronous cost of a webhook: one row, committed with whatever else arrived meanwhile.
  const row = {
    id,
    projectId: owner?.projectId ?? null,
    phoneNumberId: byId[0]?.id ?? null,
    wabaId: wabaIds(parsed.data)[0] ?? null,
    body: raw.toString("utf8"),
    status: owner ? ("PENDING" as const) : ("ORPHAN" as const),
  };
  // Numbers named by phone_number_id whose meta-kind webhook forwards Meta's body as is.
  const forward = new Set(await numbersWithMetaWebhook(byId.map((n) => n.id)));
  if (forward.size > 0)
    await storeForwardedEvent(
      row,
      byId.filter((n) => forward.has(n.id)),
    );
  else await storeRawEvent(row);

  return { status: 200, eventId: id, orphan: !owner, body: json };
}

import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { EventRow } from "@/lib/events/subscribers";
import type { ClaimedDelivery } from "./delivery-store";
import { META_FORWARD_EVENT } from "./events";
import { payloadHash } from "./signature";

// Meta-kind webhooks (spec §1.1): the raw body Meta sent us, forwarded as is to the number's one meta
// webhook, signed like the others, X-Idempotency-Key = SHA-256 of the payload, same retries and log.

type Tx = Prisma.TransactionClient;

// Which numbers have a meta webhook: asked on every verified inbound webhook, so kept for a second (a
// webhook created in this process clears it at once; one created elsewhere is seen within a second).
const TTL_MS = 1000;
const known = new Map<string, { has: boolean; at: number }>();

export function forgetMetaWebhooks(): void {
  known.clear();
}

/** Among these numbers (our ids), those with a meta-kind webhook (active or not: the row decides later). */
export async function numbersWithMetaWebhook(numberIds: string[]): Promise<string[]> {
  const now = Date.now();
  const ask = numberIds.filter((id) => {
    const k = known.get(id);
    return !k || now - k.at > TTL_MS;
  });
  if (ask.length > 0) {
    const rows = await db().webhook.findMany({
      where: { kind: "meta", phoneNumberId: { in: ask } },
      select: { phoneNumberId: true },
    });
    const has = new Set(rows.map((r) => r.phoneNumberId));
    if (known.size > 10_000) known.clear();
    for (const id of ask) known.set(id, { has: has.has(id), at: now });
  }
  return numberIds.filter((id) => known.get(id)?.has);
}

interface MetaBody {
  entry?: { id?: unknown; changes?: { value?: { metadata?: { phone_number_id?: unknown } } }[] }[];
}

/**
 * The part of a Meta body that is this project's. One Meta app may serve numbers of several projects, and
 * Meta may batch their changes into one POST: a change goes only to the project whose number (or, for an
 * account-level change, whose WABA) it names. A body that is all this project's is forwarded byte for
 * byte; otherwise the project's changes are re-serialised (the delivery is signed with the webhook's own
 * secret either way). Null when nothing in it is the project's.
 */
async function ownPart(tx: Tx, raw: string, projectId: string): Promise<string | null> {
  let json: MetaBody;
  try {
    json = JSON.parse(raw) as MetaBody;
  } catch {
    return null;
  }
  const entries = Array.isArray(json.entry) ? json.entry : [];
  const numberIds = new Set<string>();
  const wabaIds = new Set<string>();
  for (const en of entries) {
    if (typeof en.id === "string") wabaIds.add(en.id);
    for (const c of Array.isArray(en.changes) ? en.changes : []) {
      const id = c.value?.metadata?.phone_number_id;
      if (typeof id === "string") numberIds.add(id);
    }
  }
  const owned = await tx.phoneNumber.findMany({
    where: { projectId, OR: [{ phoneNumberId: { in: [...numberIds] } }, { wabaId: { in: [...wabaIds] } }] },
    select: { phoneNumberId: true, wabaId: true },
  });
  const ownNumbers = new Set(owned.map((n) => n.phoneNumberId));
  const ownWabas = new Set(owned.map((n) => n.wabaId));
  let foreign = false;
  const kept = entries
    .map((en) => {
      const changes = (Array.isArray(en.changes) ? en.changes : []).filter((c) => {
        const id = c.value?.metadata?.phone_number_id;
        const mine =
          typeof id === "string" ? ownNumbers.has(id) : typeof en.id === "string" && ownWabas.has(en.id);
        if (!mine) foreign = true;
        return mine;
      });
      return { ...en, changes };
    })
    .filter((en) => en.changes.length > 0);
  if (!foreign) return raw;
  return kept.length > 0 ? JSON.stringify({ ...json, entry: kept }) : null;
}

/**
 * In the dispatch transaction: one delivery per forwarded event to its number's meta webhook (active, not
 * paused), leased to this process. Meta sending the same body again (its own retry) makes no second
 * delivery: the key is the body's hash, unique per webhook.
 */
export async function queueMetaForwards(tx: Tx, events: EventRow[], lease: Date): Promise<ClaimedDelivery[]> {
  const numberIds = [...new Set(events.map((e) => e.payload.phoneNumberId as string))];
  const hooks = await tx.webhook.findMany({
    where: { kind: "meta", active: true, pausedAt: null, phoneNumberId: { in: numberIds } },
    select: { id: true, projectId: true, phoneNumberId: true, url: true, headers: true, secretEnc: true },
  });
  if (hooks.length === 0) return [];
  const raw = await tx.webhookEvent.findMany({
    where: { id: { in: events.map((e) => e.payload.webhookEventId as string) } },
    select: { id: true, rawBody: true },
  });
  const bodies = new Map(raw.map((r) => [r.id, r.rawBody]));
  const out: ClaimedDelivery[] = [];
  for (const e of events) {
    const h = hooks.find((x) => x.phoneNumberId === e.payload.phoneNumberId && x.projectId === e.projectId);
    const stored = bodies.get(e.payload.webhookEventId as string);
    if (!h || !stored) continue;
    const body = await ownPart(tx, stored, e.projectId);
    if (!body) continue;
    const id = randomUUID();
    const idempotencyKey = payloadHash(body);
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "WebhookDelivery" (id, "projectId", "webhookId", "eventId", "eventType", "idempotencyKey", body,
                                     "leaseUntil", status, "updatedAt")
      VALUES (${id}, ${e.projectId}, ${h.id}, ${e.id}, ${META_FORWARD_EVENT}, ${idempotencyKey}, ${body},
              ${lease.toISOString()}::timestamptz AT TIME ZONE 'UTC', 'pending', now())
      ON CONFLICT DO NOTHING RETURNING id`;
    if (inserted.length === 0) continue;
    out.push({
      id,
      projectId: e.projectId,
      webhookId: h.id,
      eventType: META_FORWARD_EVENT,
      eventId: e.id,
      idempotencyKey,
      body,
      batchSize: null,
      conversationId: null,
      attempt: 1,
      url: h.url,
      kind: "meta",
      payloadVersion: "v2",
      customHeaders: (h.headers ?? {}) as Record<string, string>,
      secretEnc: h.secretEnc,
      leaseUntil: lease,
    });
  }
  return out;
}

import { createHash, randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { EventRow, Subscriber } from "@/lib/events/subscribers";
import { queueBuffered } from "./buffer";
import { chainKey, deliverClaimed, deliverIds, localTails } from "./deliver";
import { armLeaseTimer, type ClaimedDelivery, leaseMs } from "./delivery-store";
import {
  activeKapsoWebhooks,
  type HookRow,
  insertDeliveries,
  unfinishedConversations,
} from "./dispatch-store";
import {
  BUFFERABLE_EVENT,
  isOrdered,
  isWebhookEvent,
  META_FORWARD_EVENT,
  type PayloadVersion,
} from "./events";
import { armInactivity } from "./inactivity-mutations";
import { queueMetaForwards } from "./meta-store";
import { eventPayload, loadPayloadContext } from "./payload-data";

type Tx = Prisma.TransactionClient;

/** X-Idempotency-Key of an outbox event: one per event, the same on every attempt (a UUID-shaped hash). */
export function eventKey(eventId: bigint): string {
  const h = createHash("sha256").update(`switchboard-event:${eventId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Outbound webhooks as a subscriber of the outbox: in the dispatch transaction each committed event
 * becomes one delivery row per matching webhook, leased to this process with a timer armed at the end of
 * the lease; after the commit this process posts them. A crash before the post or the result leaves the
 * rows and the timer, so another worker delivers them: nothing is lost, and the receiver can drop a
 * repeat by its X-Idempotency-Key.
 */
export const webhooksSubscriber: Subscriber = {
  name: "webhooks",
  async handle(tx, events) {
    const forwards = events.filter((e) => e.type === META_FORWARD_EVENT);
    const lease = new Date(Date.now() + leaseMs(forwards.length));
    const meta = forwards.length > 0 ? await queueMetaForwards(tx, forwards, lease) : [];
    await armLeaseTimer(
      tx,
      meta.map((d) => d.id),
      lease,
    );
    // The projects' kapso webhooks, read once for the inactivity timers and the deliveries.
    const projects = [...new Set(events.map((e) => e.projectId))];
    const hooks = events.some((e) => isWebhookEvent(e.type))
      ? await activeKapsoWebhooks(tx, projects)
      : undefined;
    await armInactivity(tx, events, hooks);
    const kapso = hooks ? await handleKapso(tx, events, hooks) : undefined;
    if (meta.length === 0) return kapso;
    return () => {
      void deliverClaimed(meta).catch((err) =>
        console.error("[webhooks] delivery failed:", (err as Error).message),
      );
      return kapso?.();
    };
  },
};

/** Kapso-kind webhooks: one delivery per matching webhook and event, with Kapso's payloads. */
async function handleKapso(tx: Tx, events: EventRow[], hooks: HookRow[]): Promise<(() => void) | undefined> {
  const relevant = events.filter((e) => isWebhookEvent(e.type));
  if (relevant.length === 0) return undefined;
  if (hooks.length === 0) return undefined;
  const matches: { e: (typeof relevant)[number]; h: (typeof hooks)[number] }[] = [];
  for (const e of relevant)
    for (const h of hooks) {
      if (h.projectId !== e.projectId || !h.events.includes(e.type)) continue;
      // Each webhook has its own inactivity window: its timer's event is for it alone.
      if (e.payload.webhookId !== undefined && e.payload.webhookId !== h.id) continue;
      if (h.phoneNumberId !== null && h.phoneNumberId !== e.payload.phoneNumberId) continue;
      if (h.phoneNumberId === null && e.type.startsWith("whatsapp.message.")) continue;
      if (h.phoneNumberId === null && e.type.startsWith("whatsapp.conversation.")) continue;
      matches.push({ e, h });
    }
  if (matches.length === 0) return undefined;
  const ctx = await loadPayloadContext(
    tx,
    matches.map((m) => m.e),
  );
  const bodies = new Map<string, string | null>();
  const body = (e: (typeof relevant)[number], v: PayloadVersion) => {
    const k = `${e.id}:${v}`;
    if (!bodies.has(k)) {
      const p = eventPayload(ctx, e, v);
      bodies.set(k, p ? JSON.stringify(p) : null);
    }
    return bodies.get(k) ?? null;
  };

  // Message events of a conversation that already has an earlier one in flight wait for their turn.
  const pairs = matches
    .filter((m) => isOrdered(m.e.type) && m.e.payload.conversationId)
    .map((m) => ({ webhookId: m.h.id, conversationId: m.e.payload.conversationId as string }));
  // This process's chains as they are before the database is asked: a conversation the database calls
  // busy because of one of them joins that chain (even if it finishes meanwhile) instead of waiting out
  // the order gap.
  const tails = localTails(pairs.map((p) => chainKey(p.webhookId, p.conversationId)));
  const busy = await unfinishedConversations(tx, pairs);

  const lease = new Date(Date.now() + leaseMs(matches.length));
  const rows: Parameters<typeof insertDeliveries>[1] = [];
  const now: ClaimedDelivery[] = [];
  const waiting: string[] = [];
  for (const { e, h } of matches) {
    const version = (h.payloadVersion === "v1" ? "v1" : "v2") as PayloadVersion;
    const b = body(e, version);
    if (b === null) continue;
    const conversationId = e.payload.conversationId ?? null;
    if (h.bufferEnabled && e.type === BUFFERABLE_EVENT && conversationId) {
      await queueBuffered(tx, h, e, b, conversationId);
      continue;
    }
    const id = randomUUID();
    const idempotencyKey = eventKey(e.id);
    // An earlier message of the conversation still in flight: in this process, the new one joins its
    // chain; elsewhere (another process, or a retry pending) it waits for its turn.
    const key = conversationId === null ? "" : chainKey(h.id, conversationId);
    const wait = isOrdered(e.type) && conversationId !== null && busy.has(key) && !tails.has(key);
    rows.push({
      id,
      projectId: e.projectId,
      webhookId: h.id,
      eventId: e.id,
      eventType: e.type,
      idempotencyKey,
      body: b,
      conversationId,
      leaseUntil: wait ? null : lease,
    });
    if (wait) waiting.push(id);
    else
      now.push({
        id,
        projectId: e.projectId,
        webhookId: h.id,
        eventType: e.type,
        eventId: e.id,
        idempotencyKey,
        body: b,
        batchSize: null,
        conversationId,
        attempt: 1,
        url: h.url,
        kind: "kapso",
        payloadVersion: version,
        customHeaders: (h.headers ?? {}) as Record<string, string>,
        secretEnc: h.secretEnc,
        leaseUntil: lease,
      });
  }
  await insertDeliveries(tx, rows, waiting);
  await armLeaseTimer(
    tx,
    now.map((d) => d.id),
    lease,
  );
  if (now.length === 0 && waiting.length === 0) return undefined;
  return () => {
    if (now.length > 0)
      void deliverClaimed(now, tails).catch((err) =>
        console.error("[webhooks] delivery failed:", (err as Error).message),
      );
    // A predecessor in another process may have finished while this batch was being written (its
    // successor lookup could not see these rows yet): take what is free now rather than after the gap.
    if (waiting.length > 0)
      void deliverIds(waiting).catch((err) =>
        console.error("[webhooks] delivery failed:", (err as Error).message),
      );
  };
}

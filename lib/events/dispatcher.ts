import "@/lib/server-only";
import { db } from "@/lib/db/client";
import type { DomainEventPayload, DomainEventType } from "./outbox";

interface Row {
  id: bigint;
  projectId: string;
  type: DomainEventType;
  payload: DomainEventPayload;
}

/** A committed event as subscribers receive it. */
export type DispatchedEvent = Row;
type Subscriber = (batch: DispatchedEvent[]) => void;
// On globalThis like the socket server itself: Next's bundles load their own copy of this module, and
// events they dispatch must reach the subscribers server.ts registered.
const g = globalThis as unknown as { __switchboardSubscribers?: Set<Subscriber> };
g.__switchboardSubscribers ??= new Set<Subscriber>();
const subscribers = g.__switchboardSubscribers;

/**
 * Registers a subscriber for committed events (the realtime publisher registers itself when the socket
 * server starts). Subscribers are called inside the claim transaction, before the batch is marked
 * dispatched; they must not throw. lib/events stays below every domain: it imports none of them.
 */
export function subscribe(subscriber: Subscriber): () => void {
  subscribers.add(subscriber);
  return () => subscribers.delete(subscriber);
}

function deliver(batch: Row[]): void {
  for (const s of subscribers) {
    try {
      s(batch);
    } catch (e) {
      console.error("[events] subscriber failed:", (e as Error).message);
    }
  }
}

/**
 * Publishes undispatched events in id order, a batch at a time. Rows are claimed with SKIP LOCKED so
 * several processes can run this at once without publishing an event twice.
 */
export async function dispatchPending(batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        SELECT id, "projectId", type, payload FROM "DomainEvent"
        WHERE "dispatchedAt" IS NULL ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      deliver(rows);
      await tx.$executeRaw`UPDATE "DomainEvent" SET "dispatchedAt" = now() WHERE id = ANY(${rows.map((r) => r.id)})`;
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

// In-process wake-up: the hot path calls wake() right after its commit, so publishing does not wait
// for the polling loop, which only catches what a crash interrupted.
let running: Promise<void> | null = null;
let again = false;

export function wakeDispatcher(): void {
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      try {
        await dispatchPending();
      } catch (e) {
        console.error("[events] dispatch failed:", (e as Error).message);
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
}

export function startDispatcherLoop(intervalMs = 1000): () => void {
  const t = setInterval(wakeDispatcher, intervalMs);
  t.unref();
  return () => clearInterval(t);
}

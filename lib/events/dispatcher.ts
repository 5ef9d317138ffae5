import "@/lib/server-only";
import { db } from "@/lib/db/client";
import type { EventRow, Subscriber } from "./subscribers";

// The subscribers every committed event is handed to. They register at start-up (the socket server
// registers the realtime publisher), so lib/events imports no domain. On globalThis like the socket
// server itself: Next's bundles load their own copy of this module, and events they dispatch must reach
// the subscribers server.ts registered.
const g = globalThis as unknown as { __switchboardSubscribers?: Map<string, Subscriber> };
g.__switchboardSubscribers ??= new Map<string, Subscriber>();
const subscribers = g.__switchboardSubscribers;

/** Registers a subscriber for committed events (by name: registering again replaces it). */
export function subscribe(subscriber: Subscriber): () => void {
  subscribers.set(subscriber.name, subscriber);
  return () => subscribers.delete(subscriber.name);
}

/**
 * Hands undispatched events to the subscribers in id order, a batch at a time. Rows are claimed with SKIP LOCKED so
 * several processes can run this at once without publishing an event twice.
 */
export async function dispatchPending(batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const afterCommit: (() => void | Promise<void>)[] = [];
    const n = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<EventRow[]>`
        SELECT id, "projectId", type, payload, "createdAt" FROM "DomainEvent"
        WHERE "dispatchedAt" IS NULL ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      for (const s of subscribers.values()) {
        const after = await s.handle(tx, rows);
        if (after) afterCommit.push(after);
      }
      await tx.$executeRaw`UPDATE "DomainEvent" SET "dispatchedAt" = now() WHERE id = ANY(${rows.map((r) => r.id)})`;
      return rows.length;
    });
    // Socket publishes only for what committed: a rolled-back batch is claimed again and published then.
    for (const after of afterCommit) {
      try {
        await after();
      } catch (e) {
        console.error("[events] after-commit publish failed:", (e as Error).message);
      }
    }
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

import { db } from "@/lib/db/client";
import { type BatchedEvent, rooms } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/server";
import type { DomainEventPayload, DomainEventType } from "./outbox";

interface Row {
  id: bigint;
  projectId: string;
  type: DomainEventType;
  payload: DomainEventPayload;
}

/** What operators' browsers hear about one committed event, if anything. */
function toRealtime(e: Row): BatchedEvent | null {
  const { conversationId, messageId } = e.payload;
  const projectId = e.projectId;
  if (e.type === "whatsapp.message.received" || e.type === "message.created") {
    return conversationId && messageId
      ? { event: "message.created", payload: { projectId, conversationId, messageId } }
      : null;
  }
  if (e.type.startsWith("whatsapp.message.")) {
    return conversationId && messageId
      ? { event: "message.updated", payload: { projectId, conversationId, messageId } }
      : null;
  }
  if (e.type.startsWith("whatsapp.conversation.") || e.type.startsWith("conversation.")) {
    return conversationId ? { event: "conversation.updated", payload: { projectId, conversationId } } : null;
  }
  if (e.type.startsWith("whatsapp.phone_number.") || e.type === "whatsapp.template.updated") {
    return { event: "project.updated", payload: { projectId } };
  }
  return null;
}

/**
 * Hands a batch of committed events to their subscribers: realtime now (outbound webhooks and
 * workflow triggers later). One broadcast per project per batch: across instances each broadcast
 * is a NOTIFY, and per-event NOTIFYs were a measurable share of ingest cost (bench/ingest.ts).
 */
function deliver(batch: Row[]): void {
  // Operators listen on the project room; embeds only on the rooms of the numbers in their scope.
  const byRoom = new Map<string, BatchedEvent[]>();
  const add = (room: string, r: BatchedEvent) => {
    const list = byRoom.get(room) ?? [];
    list.push(r);
    byRoom.set(room, list);
  };
  for (const e of batch) {
    const r = toRealtime(e);
    if (!r) continue;
    add(rooms.project(e.projectId), r);
    if (typeof e.payload.phoneNumberId === "string" && r.event !== "project.updated")
      add(rooms.number(e.payload.phoneNumberId), r);
  }
  for (const [room, events] of byRoom) publish(room, "events.batch", events);
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

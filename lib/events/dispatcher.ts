import { db } from "@/lib/db/client";
import { rooms } from "@/lib/realtime/events";
import { publish } from "@/lib/realtime/server";
import type { DomainEventPayload, DomainEventType } from "./outbox";

interface Row {
  id: bigint;
  projectId: string;
  type: DomainEventType;
  payload: DomainEventPayload;
}

/** Hands one committed event to its subscribers. Realtime now; outbound webhooks and workflows later. */
function deliver(e: Row): void {
  const { conversationId, messageId } = e.payload;
  // One broadcast to every room concerned: one message between instances, not one per room.
  const to = [rooms.project(e.projectId), ...(conversationId ? [rooms.conversation(conversationId)] : [])];
  const projectId = e.projectId;
  if (e.type === "whatsapp.message.received" || e.type === "message.created") {
    if (conversationId && messageId) publish(to, "message.created", { projectId, conversationId, messageId });
  } else if (e.type.startsWith("whatsapp.message.")) {
    if (conversationId && messageId) publish(to, "message.updated", { projectId, conversationId, messageId });
  } else if (e.type.startsWith("whatsapp.conversation.")) {
    if (conversationId) publish(to, "conversation.updated", { projectId, conversationId });
  } else if (e.type.startsWith("whatsapp.phone_number.") || e.type === "whatsapp.template.updated") {
    publish(to, "project.updated", { projectId });
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
      for (const r of rows) deliver(r);
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

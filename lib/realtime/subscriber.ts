import type { EventRow, Subscriber } from "@/lib/events/subscribers";
import { type BatchedEvent, type MemberChange, rooms } from "./events";
import { disconnectEmbed, evictFromProject, publish } from "./server";

/** What operators' browsers hear about one committed event, if anything. */
function toRealtime(e: EventRow): BatchedEvent | null {
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
 * One broadcast per room per batch: across instances each broadcast is a NOTIFY, and per-event NOTIFYs
 * were a measurable share of ingest cost (bench/ingest.ts).
 */
function deliver(batch: EventRow[]): void {
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

const memberChange: Partial<Record<EventRow["type"], MemberChange>> = {
  "member.added": "added",
  "member.updated": "role_changed",
  "member.removed": "removed",
};

/** Team and embed changes: who may listen changes with them, so they act on sockets, not only caches. */
function applyAccessChanges(batch: EventRow[]): void {
  for (const e of batch) {
    const change = memberChange[e.type];
    const userId = e.payload.userId;
    if (change && typeof userId === "string") {
      if (change === "removed") evictFromProject(userId, e.projectId);
      publish(rooms.project(e.projectId), "member.changed", { projectId: e.projectId, userId, change });
      if (change === "removed")
        publish(rooms.user(userId), "member.changed", { projectId: e.projectId, userId, change });
    }
    if (e.type === "embed.revoked" && typeof e.payload.embedId === "string")
      disconnectEmbed(e.payload.embedId);
  }
}

/** Socket publishes only, after the batch commits: nothing durable to do in the transaction. */
export const realtimeSubscriber: Subscriber = {
  name: "realtime",
  async handle(_tx, events) {
    return () => {
      applyAccessChanges(events);
      deliver(events);
    };
  },
};

import type { DispatchedEvent } from "@/lib/events/dispatcher";
import { type BatchedEvent, rooms } from "./events";
import { disconnectEmbed, evictFromProject, publish } from "./server";

// Committed domain events → socket rooms. Registered with the dispatcher by startRealtime, so domains
// never import the socket server: they emit events in their transaction and this publishes them.

/** What operators' browsers hear about one committed event, if anything. */
function toRealtime(e: DispatchedEvent): BatchedEvent | null {
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

/** Team and embed changes: who may listen changes with them, so they act on sockets, not just rooms. */
function accessChange(e: DispatchedEvent): void {
  if (e.type === "embed.revoked" && typeof e.payload.embedId === "string") {
    disconnectEmbed(e.payload.embedId);
  }
  if (e.type === "member.changed") {
    const { userId, change } = e.payload;
    if (typeof userId !== "string") return;
    if (change !== "added" && change !== "role_changed" && change !== "removed") return;
    const p = { projectId: e.projectId, userId, change } as const;
    if (change === "removed") {
      evictFromProject(userId, e.projectId);
      publish(rooms.user(userId), "member.changed", p);
    }
    publish(rooms.project(e.projectId), "member.changed", p);
  }
}

/**
 * One broadcast per room per batch: across instances each broadcast is a NOTIFY, and per-event
 * NOTIFYs were a measurable share of ingest cost (bench/ingest.ts).
 */
export function publishBatch(batch: DispatchedEvent[]): void {
  // Operators listen on the project room; embeds only on the rooms of the numbers in their scope.
  const byRoom = new Map<string, BatchedEvent[]>();
  const add = (room: string, r: BatchedEvent) => {
    const list = byRoom.get(room) ?? [];
    list.push(r);
    byRoom.set(room, list);
  };
  for (const e of batch) {
    accessChange(e);
    const r = toRealtime(e);
    if (!r) continue;
    add(rooms.project(e.projectId), r);
    if (typeof e.payload.phoneNumberId === "string" && r.event !== "project.updated")
      add(rooms.number(e.payload.phoneNumberId), r);
  }
  for (const [room, events] of byRoom) publish(room, "events.batch", events);
}

import type { Prisma } from "@/generated/prisma/client";
import { type Audience, embedAudience, teamAudience } from "@/lib/auth/scope";
import {
  type ConversationItemRow,
  type ConversationListItem,
  readConversationItems,
  readThreadMessages,
  type ThreadMessage,
  toListItem,
} from "@/lib/conversations/data";
import type { EventRow, Subscriber } from "@/lib/events/subscribers";
import { workflowKeys } from "@/lib/workflows/query-keys";
import { type BatchedEvent, type InboxPart, rooms } from "./events";
import { disconnectEmbed, evictFromProject, publish } from "./server";

// The realtime subscriber of the event spine: turns a batch of committed events into socket events that
// carry what browsers need to patch their caches in place (the new message and the list item exactly as
// the inbox queries return them, a message's new status, a conversation's new list item). Reads happen
// in the dispatch transaction, a fixed number of queries per batch; publishing happens after commit.
//
// Rooms: operators listen on the project room; embeds on `number:<id>` rooms (or, when bound to one
// operator, on `number:<id>:assignee:<user>`). Payloads for embed rooms are built for the embed audience
// (team members' emails never leave the team).

const NEW_MESSAGE = new Set(["whatsapp.message.received", "message.created"]);
const STATUS = /^whatsapp\.message\.(sent|delivered|read|failed)$/;
const isConversationEvent = (t: string) =>
  t.startsWith("whatsapp.conversation.") ||
  t.startsWith("conversation.") ||
  t.startsWith("workflow.execution.");

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

type Row = ConversationItemRow & { projectId: string; assigneeId: string | null };
type Message = ThreadMessage & { projectId: string; conversationId: string };

/** Where each part of the batch goes, in event order per room. */
class Outbox {
  readonly byRoom = new Map<string, BatchedEvent[]>();
  add(room: string, e: BatchedEvent): void {
    const list = this.byRoom.get(room);
    if (list) list.push(e);
    else this.byRoom.set(room, [e]);
  }
}

/** The embed rooms that may hear about a conversation (its number's, and its assignee's on that number). */
function embedRooms(c: Row): string[] {
  const r = [rooms.number(c.phoneNumberId)];
  if (c.assigneeId) r.push(rooms.numberAssignee(c.phoneNumberId, c.assigneeId));
  return r;
}

const stripMessage = ({ projectId: _p, conversationId: _c, ...m }: Message): ThreadMessage => m;

/**
 * What one batch publishes, given what was read for it. Pure apart from its inputs, so the mapping from
 * events to rooms and payloads is testable without sockets.
 */
export function plan(
  events: EventRow[],
  conversations: Map<string, Row>,
  referrals: Map<string, string>,
  messages: Map<string, Message>,
  projectNumbers: Map<string, string[]>,
): Map<string, BatchedEvent[]> {
  const out = new Outbox();
  const items = new Map<string, { team: ConversationListItem; embed: ConversationListItem }>();
  const item = (c: Row) => {
    let it = items.get(c.id);
    if (!it) {
      const ref = referrals.get(c.id) ?? null;
      const as = (a: Audience) => toListItem(a, c, ref);
      it = { team: as(teamAudience), embed: as(embedAudience) };
      items.set(c.id, it);
    }
    return it;
  };
  const conv = (e: EventRow) => {
    const id = str(e.payload.conversationId);
    const c = id ? conversations.get(id) : undefined;
    return c && c.projectId === e.projectId ? c : undefined;
  };
  const msg = (e: EventRow) => {
    const id = str(e.payload.messageId);
    const m = id ? messages.get(id) : undefined;
    return m && m.projectId === e.projectId ? m : undefined;
  };
  const invalidateInbox = (e: EventRow, parts: InboxPart[], numberIds: string[]) => {
    const ev: BatchedEvent = { event: "inbox.invalidate", payload: { projectId: e.projectId, parts } };
    out.add(rooms.project(e.projectId), ev);
    for (const n of numberIds) out.add(rooms.number(n), ev);
  };

  for (const e of events) {
    const type = e.type as string;
    const projectId = e.projectId;
    if (NEW_MESSAGE.has(type)) {
      const c = conv(e);
      const m = msg(e);
      if (!c || !m || m.conversationId !== c.id) continue;
      const base = { projectId, conversationId: c.id, messageId: m.id, message: stripMessage(m) };
      out.add(rooms.project(projectId), {
        event: "message.created",
        payload: { ...base, conversation: item(c).team },
      });
      const forEmbeds: BatchedEvent = {
        event: "message.created",
        payload: { ...base, conversation: item(c).embed },
      };
      for (const r of embedRooms(c)) out.add(r, forEmbeds);
    } else if (STATUS.test(type)) {
      const m = msg(e);
      const c = conv(e);
      if (!m) continue;
      const ev: BatchedEvent = {
        event: "message.updated",
        payload: {
          projectId,
          conversationId: m.conversationId,
          messageId: m.id,
          status: m.status,
          error: m.error,
        },
      };
      out.add(rooms.project(projectId), ev);
      if (c) for (const r of embedRooms(c)) out.add(r, ev);
    } else if (isConversationEvent(type)) {
      const c = conv(e);
      if (!c) continue;
      out.add(rooms.project(projectId), {
        event: "conversation.updated",
        payload: { projectId, conversationId: c.id, conversation: item(c).team },
      });
      const forEmbeds: BatchedEvent = {
        event: "conversation.updated",
        payload: { projectId, conversationId: c.id, conversation: item(c).embed },
      };
      for (const r of embedRooms(c)) out.add(r, forEmbeds);
      // The thread's workflow banner (operators) reads the execution itself: refetch it, no polling.
      if (type.startsWith("workflow.execution."))
        out.add(rooms.project(projectId), {
          event: "query.invalidate",
          payload: { projectId, keys: [["executions", projectId, "conversation", c.id]] },
        });
      // An embed bound to the previous assignee must drop the row it may no longer see.
      const previous = str(e.payload.previousUserId);
      if (previous && previous !== c.assigneeId)
        out.add(rooms.numberAssignee(c.phoneNumberId, previous), {
          event: "conversation.updated",
          payload: { projectId, conversationId: c.id, conversation: null },
        });
    } else if (type.startsWith("whatsapp.phone_number.")) {
      // A number's display or name shows in list rows and the number filter.
      invalidateInbox(e, ["numbers", "lists"], projectNumbers.get(projectId) ?? []);
    } else if (type === "whatsapp.template.updated" || type.startsWith("template.")) {
      invalidateInbox(e, ["templates"], projectNumbers.get(projectId) ?? []);
    } else if (type.startsWith("member.")) {
      // Names in the assignee picker and on rows; the Members page.
      invalidateInbox(e, ["assignees"], []);
      out.add(rooms.project(projectId), {
        event: "query.invalidate",
        payload: { projectId, keys: [["members", projectId]] },
      });
    } else if (type.startsWith("workflow.")) {
      const id = str(e.payload.workflowId);
      const keys = id
        ? [
            [...workflowKeys.list(projectId)],
            [...workflowKeys.detail(projectId, id)],
            [...workflowKeys.versions(projectId, id)],
            [...workflowKeys.triggers(projectId, id)],
          ]
        : [[...workflowKeys.all(projectId)]];
      out.add(rooms.project(projectId), { event: "query.invalidate", payload: { projectId, keys } });
    }
  }
  return out.byRoom;
}

/**
 * A member removed from a project loses its room at once and is told (their open pages leave the
 * project); anyone whose role changed hears it too. Who may listen changes with membership, so this acts
 * on sockets, not only on caches.
 */
function memberChanges(events: EventRow[]): (() => void)[] {
  const out: (() => void)[] = [];
  const changes = {
    "member.added": "added",
    "member.updated": "role_changed",
    "member.removed": "removed",
  } as const;
  for (const e of events) {
    if (e.type !== "member.added" && e.type !== "member.updated" && e.type !== "member.removed") continue;
    const change = changes[e.type];
    const { userId } = e.payload;
    if (typeof userId !== "string") continue;
    const p = { projectId: e.projectId, userId, change } as const;
    out.push(() => {
      if (change === "removed") {
        evictFromProject(userId, e.projectId);
        publish(rooms.user(userId), "member.changed", p);
      }
      publish(rooms.project(e.projectId), "member.changed", p);
    });
  }
  return out;
}

/** Embeds whose access just ended: their open sockets close at once (idempotent with the mutation's own). */
function endedEmbeds(events: EventRow[]): string[] {
  return events
    .filter((e) => e.type === ("embed.revoked" as string) || e.type === ("embed.deleted" as string))
    .map((e) => str(e.payload.embedId))
    .filter((id): id is string => !!id);
}

async function read(tx: Prisma.TransactionClient, events: EventRow[]) {
  const conversationIds = new Set<string>();
  const messageIds = new Set<string>();
  const numberProjects = new Set<string>();
  for (const e of events) {
    const type = e.type as string;
    const c = str(e.payload.conversationId);
    const m = str(e.payload.messageId);
    if (NEW_MESSAGE.has(type) || STATUS.test(type)) {
      if (c) conversationIds.add(c);
      if (m) messageIds.add(m);
    } else if (isConversationEvent(type) && c) conversationIds.add(c);
    else if (type.startsWith("whatsapp.phone_number.") || type.includes("template."))
      numberProjects.add(e.projectId);
  }
  const { rows, referrals } = await readConversationItems(tx, [...conversationIds]);
  const messages = await readThreadMessages(tx, [...messageIds]);
  const projectNumbers = new Map<string, string[]>();
  if (numberProjects.size > 0) {
    const numbers = await tx.phoneNumber.findMany({
      where: { projectId: { in: [...numberProjects] } },
      select: { id: true, projectId: true },
    });
    for (const n of numbers)
      projectNumbers.set(n.projectId, [...(projectNumbers.get(n.projectId) ?? []), n.id]);
  }
  return { conversations: new Map(rows.map((r) => [r.id, r])), referrals, messages, projectNumbers };
}

export const realtimeSubscriber: Subscriber = {
  name: "realtime",
  async handle(tx, events) {
    const r = await read(tx, events);
    const byRoom = plan(events, r.conversations, r.referrals, r.messages, r.projectNumbers);
    const ended = endedEmbeds(events);
    const members = memberChanges(events);
    if (byRoom.size === 0 && ended.length === 0 && members.length === 0) return;
    return () => {
      for (const [room, list] of byRoom) publish(room, "events.batch", list);
      for (const id of ended) disconnectEmbed(id);
      for (const announce of members) announce();
    };
  },
};

/** What the realtime subscriber would publish for these events (tests compare it to the inbox queries). */
export async function realtimePayloads(
  tx: Prisma.TransactionClient,
  events: EventRow[],
): Promise<Map<string, BatchedEvent[]>> {
  const r = await read(tx, events);
  return plan(events, r.conversations, r.referrals, r.messages, r.projectNumbers);
}

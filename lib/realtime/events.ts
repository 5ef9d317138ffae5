// Typed socket.io contract shared by server and browser. Events are named `domain.verb`. Inbox events
// carry what a client needs to patch its TanStack Query caches in place (lib/realtime/subscriber.ts
// builds them with the inbox read model's own mapping; lib/inbox/cache-patch.ts applies them), so an
// inbound message costs an open tab no refetch.
import type { ConversationListItem, ThreadMessage } from "@/lib/conversations/data";

export type MemberChange = "added" | "role_changed" | "removed";

export interface ServerToClientEvents {
  "member.changed": (p: { projectId: string; userId: string; change: MemberChange }) => void;
  /** A new message: the row the thread shows and the list item as the list shows it now. */
  "message.created": (p: {
    projectId: string;
    conversationId: string;
    messageId: string;
    message: ThreadMessage;
    conversation: ConversationListItem;
  }) => void;
  /** A status change of one message. */
  "message.updated": (p: {
    projectId: string;
    conversationId: string;
    messageId: string;
    status: ThreadMessage["status"];
    error: ThreadMessage["error"];
  }) => void;
  /**
   * A conversation's list item changed (status, assignee, unread count, ...). `conversation: null`
   * tells a scoped listener (an embed bound to one assignee) that it left its scope.
   */
  "conversation.updated": (p: {
    projectId: string;
    conversationId: string;
    conversation: ConversationListItem | null;
  }) => void;
  /** Parts of an inbox whose queries should be refetched (each client maps them to its own keys). */
  "inbox.invalidate": (p: { projectId: string; parts: InboxPart[] }) => void;
  /** Query-key prefixes of the dashboard (workflows, members, embeds) to refetch. Project room only. */
  "query.invalidate": (p: { projectId: string; keys: string[][] }) => void;
  /** Who is looking at a conversation right now (sent to that conversation's room). */
  "presence.changed": (p: { conversationId: string; viewers: Viewer[] }) => void;
  /** Several of the events above in one delivery (the outbox dispatcher's batches). */
  "events.batch": (events: BatchedEvent[]) => void;
}

export type InboxPart = "lists" | "numbers" | "assignees" | "templates";

export interface Viewer {
  /** A user id, or `embed:<id>` for someone in an embed. */
  id: string;
  name: string;
}

type Batchable = Exclude<keyof ServerToClientEvents, "events.batch" | "presence.changed">;
export type BatchedEvent = {
  [E in Batchable]: {
    event: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
  };
}[Batchable];

export type Ack = (r: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  "project.join": (p: { projectId: string }, ack: Ack) => void;
  "project.leave": (p: { projectId: string }, ack?: Ack) => void;
  /** The conversation this tab shows (null: none); joins its room for presence. */
  "conversation.view": (
    p: { conversationId: string | null },
    ack?: (r: { ok: true; viewers: Viewer[] } | { ok: false; error: string }) => void,
  ) => void;
}

export interface SocketData {
  /** Set for a signed-in user's socket. */
  userId?: string;
  /** The session the socket authenticated with (ended sessions lose their sockets at once). */
  sid?: string | null;
  /** Set for an embed's socket: the scope it may subscribe to. */
  embed?: {
    embedId: string;
    projectId: string;
    /** The rooms it listens on; for a whole-project embed, the project's numbers when it connected. */
    numberIds: string[];
    /** Whether numberIds limit what it may watch (false for a whole-project embed). */
    scopedToNumbers: boolean;
    assigneeId?: string;
    expiresAt?: number;
  };
  name: string;
  /** The name shown to embeds: never an email address (embeds are other companies' apps). */
  publicName: string;
  viewing?: string;
}

export const rooms = {
  project: (id: string) => `project:${id}`,
  number: (id: string) => `number:${id}`,
  /** A number's conversations assigned to one user: what an embed bound to that user listens on. */
  numberAssignee: (numberId: string, userId: string) => `number:${numberId}:assignee:${userId}`,
  conversation: (id: string) => `conversation:${id}`,
  user: (id: string) => `user:${id}`,
  embed: (id: string) => `embed:${id}`,
} as const;

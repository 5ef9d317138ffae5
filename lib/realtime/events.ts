// Typed socket.io contract shared by server and browser. Events are named `domain.verb` and carry ids,
// not documents: clients refetch or patch their TanStack Query caches from them.

export type MemberChange = "added" | "role_changed" | "removed";

export interface ServerToClientEvents {
  "member.changed": (p: { projectId: string; userId: string; change: MemberChange }) => void;
  "project.updated": (p: { projectId: string }) => void;
  "message.created": (p: { projectId: string; conversationId: string; messageId: string }) => void;
  "message.updated": (p: { projectId: string; conversationId: string; messageId: string }) => void;
  "conversation.updated": (p: { projectId: string; conversationId: string }) => void;
  /** Several of the events above in one delivery (the outbox dispatcher's batches). */
  "events.batch": (events: BatchedEvent[]) => void;
}

export type BatchedEvent = {
  [E in Exclude<keyof ServerToClientEvents, "events.batch">]: {
    event: E;
    payload: Parameters<ServerToClientEvents[E]>[0];
  };
}[Exclude<keyof ServerToClientEvents, "events.batch">];

export type Ack = (r: { ok: true } | { ok: false; error: string }) => void;

export interface ClientToServerEvents {
  "project.join": (p: { projectId: string }, ack: Ack) => void;
  "project.leave": (p: { projectId: string }, ack?: Ack) => void;
}

export interface SocketData {
  userId: string;
}

export const rooms = {
  project: (id: string) => `project:${id}`,
  number: (id: string) => `number:${id}`,
  conversation: (id: string) => `conversation:${id}`,
  user: (id: string) => `user:${id}`,
} as const;

import type { Prisma } from "@/generated/prisma/client";
import type { DomainEventPayload, DomainEventType } from "./outbox";

export interface EventRow {
  id: bigint;
  projectId: string;
  type: DomainEventType;
  payload: DomainEventPayload;
  createdAt: Date;
}

export interface Subscriber {
  name: string;
  /** Durable work inside the dispatch transaction; the returned callback runs after commit (socket publishes). */
  handle(tx: Prisma.TransactionClient, events: EventRow[]): Promise<void | (() => void | Promise<void>)>;
}

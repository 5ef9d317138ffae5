import type { Prisma } from "@/generated/prisma/client";
import { realtimeSubscriber } from "@/lib/realtime/subscriber";
import { templatesSubscriber } from "@/lib/templates/subscriber";
import type { DomainEventPayload, DomainEventType } from "./catalogue";

/** One committed event as a subscriber receives it. */
export interface EventRow {
  id: bigint;
  projectId: string;
  type: DomainEventType;
  payload: DomainEventPayload;
  createdAt: Date;
}

export interface Subscriber {
  name: string; // durable cursor key
  /** Durable work inside the dispatch transaction; the returned callback runs after commit (socket publishes). */
  handle(tx: Prisma.TransactionClient, events: EventRow[]): Promise<void | (() => void | Promise<void>)>;
}

/**
 * Every subscriber, each with its own cursor (EventCursor.subscriber = name). Each sees every committed
 * event exactly once, in id order, in batches. A subscriber added later starts at the events committed
 * after it first runs. Renaming one starts it afresh; removing one leaves its cursor row behind harmlessly.
 * Outbound webhooks and the workflow engine join this list when they land.
 */
export const SUBSCRIBERS: readonly Subscriber[] = [realtimeSubscriber, templatesSubscriber];

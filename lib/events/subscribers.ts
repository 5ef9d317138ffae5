import type { Prisma } from "@/generated/prisma/client";
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

// Subscribers register at start-up (lib/boot/platform.ts), so lib/events imports no domain. The registry is
// on globalThis: Next's bundles load their own copy of this module, and events they dispatch must reach
// the subscribers server.ts registered.
const g = globalThis as unknown as { __switchboardSubscribers?: Map<string, Subscriber> };
g.__switchboardSubscribers ??= new Map<string, Subscriber>();
const registry = g.__switchboardSubscribers;

/** Adds (or, by name, replaces) a subscriber of this process's dispatcher. */
export function registerSubscriber(subscriber: Subscriber): () => void {
  registry.set(subscriber.name, subscriber);
  return () => {
    if (registry.get(subscriber.name) === subscriber) registry.delete(subscriber.name);
  };
}

/** The subscribers registered in this process, in registration order. */
export function registeredSubscribers(): Subscriber[] {
  return [...registry.values()];
}

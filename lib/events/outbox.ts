import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { type DomainEventType, type EventPayload, parseEventPayload } from "./catalogue";

export type { DomainEventPayload, DomainEventType } from "./catalogue";

type Tx = Prisma.TransactionClient;

/**
 * Records an event in the same transaction as the change it describes (the outbox): it is dispatched to
 * every subscriber after that transaction commits, and never if it rolls back. The payload is checked
 * against the catalogue first, so a malformed event fails its own transaction instead of a subscriber.
 * (The ingest hot path's SQL functions insert the same rows directly; lib/events/events.integration.test.ts
 * checks their payloads against the catalogue.)
 */
export async function emit<T extends DomainEventType>(
  tx: Tx,
  projectId: ProjectId | string,
  type: T,
  payload: EventPayload<T>,
): Promise<void> {
  const checked = parseEventPayload(type, payload);
  await tx.domainEvent.create({
    data: { projectId, type, payload: checked as Prisma.InputJsonObject },
    select: { id: true },
  });
}

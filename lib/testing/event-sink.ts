import type { Prisma } from "@/generated/prisma/client";
import type { EventRow, Subscriber } from "@/lib/events/subscribers";

// A subscriber whose durable work is a row per event in a plain table, for the exactly-once tests: a
// duplicate or a loss shows up as a count, an order problem as the sink's insertion order.

export const SINK_DDL = `CREATE TABLE IF NOT EXISTS test_event_sink (
  seq BIGSERIAL PRIMARY KEY, subscriber TEXT NOT NULL, event_id BIGINT NOT NULL,
  project_id TEXT NOT NULL, conversation TEXT, n INTEGER, pid INTEGER NOT NULL)`;

async function record(tx: Prisma.TransactionClient, name: string, events: EventRow[]) {
  for (const e of events) {
    const n = typeof e.payload.n === "number" ? e.payload.n : null;
    await tx.$executeRaw`
      INSERT INTO test_event_sink (subscriber, event_id, project_id, conversation, n, pid)
      VALUES (${name}, ${e.id}, ${e.projectId}, ${e.payload.conversationId ?? null}, ${n}, ${process.pid})`;
  }
}

export function sinkSubscriber(name: string, opts: { afterHandle?: () => Promise<void> } = {}): Subscriber {
  return {
    name,
    async handle(tx, events) {
      await record(tx, name, events);
      await opts.afterHandle?.();
    },
  };
}

import { wakeDispatcher } from "@/lib/events/dispatcher";
import { type IngestItem, storeBatch } from "@/lib/messages/store";
import { envelopeSchema } from "./envelope";
import { processWebhookEvent, singleMessageItem } from "./process";

// Fresh webhook events, processed right after the 200. Single-message events (nearly all of them)
// gather in a queue and go to the database in batches: one drainer per process sends whatever came
// in while the previous batch was being stored, so a quiet system sends batches of one with no wait.
const MAX_BATCH = 100;
const queue: { item: IngestItem; body: unknown }[] = [];
let draining = false;

async function drain(): Promise<void> {
  draining = true;
  try {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await storeBatch(batch.map((b) => b.item));
      } catch {
        // A race or deadlock rolled the batch back: each event alone, with its own retry rules.
        for (const b of batch) {
          if (b.item.eventId) await processWebhookEvent(b.item.eventId, b.body);
        }
      }
      wakeDispatcher();
    }
  } finally {
    draining = false;
  }
}

/** Processes a just-stored webhook event (the sweeper catches whatever a crash interrupts). */
export async function ingestFresh(eventId: string, body: unknown): Promise<void> {
  const parsed = envelopeSchema.safeParse(body);
  const item = parsed.success ? await singleMessageItem(eventId, parsed.data).catch(() => null) : null;
  if (!item) return processWebhookEvent(eventId, body);
  queue.push({ item, body });
  if (!draining) await drain();
}

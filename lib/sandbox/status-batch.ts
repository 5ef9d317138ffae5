import "@/lib/server-only";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { markSandboxStatus } from "./sim-message-store";
import { deliverMessagesChange } from "./webhooks";

// The simulator's status webhooks, coalesced as Meta does: statuses that fall due within a few
// milliseconds of each other on one number go out together, one signed delivery with a `statuses`
// array, instead of one delivery (and one stored event) per status. A quiet number still gets each
// status on its own, at most COALESCE_MS late.

/** How long a due status waits for others on the same number. */
export const COALESCE_MS = 25;
/** Statuses per delivery (Meta's own batches are small; this keeps a body far below the 3 MB cap). */
export const MAX_STATUSES_PER_DELIVERY = 50;

type SimStatus = "sent" | "delivered" | "read" | "failed";
interface Due {
  wamid: string;
  status: SimStatus;
  payload: Record<string, unknown>;
}
interface Batch {
  number: NumberWithSecrets;
  items: Due[];
  timer?: NodeJS.Timeout;
}

const pending = new Map<string, Batch>();

/** Queues one status for delivery with whatever else falls due on the number in the next COALESCE_MS. */
export function queueStatus(number: NumberWithSecrets, due: Due): void {
  let batch = pending.get(number.phoneNumberId);
  if (!batch) {
    batch = { number, items: [] };
    pending.set(number.phoneNumberId, batch);
  }
  batch.items.push(due);
  if (batch.items.length >= MAX_STATUSES_PER_DELIVERY) return void flushNumber(number.phoneNumberId);
  if (!batch.timer) {
    batch.timer = setTimeout(() => void flushNumber(number.phoneNumberId), COALESCE_MS);
    batch.timer.unref?.();
  }
}

async function flushNumber(phoneNumberId: string): Promise<void> {
  const batch = pending.get(phoneNumberId);
  if (!batch) return;
  pending.delete(phoneNumberId);
  if (batch.timer) clearTimeout(batch.timer);
  try {
    await deliverBatch(batch.number, batch.items);
  } catch (e) {
    // The simulator's webhooks must never break the request that caused them (as a live send's
    // statuses may never come): logged, and the message keeps its last recorded status.
    console.error("[sandbox] webhook:", (e as Error).message);
  }
}

async function deliverBatch(number: NumberWithSecrets, items: Due[]): Promise<void> {
  // The simulator's own record first (the phone view reads it), then the webhook: the latest status
  // due for each message, one update per status value.
  const latest = new Map<string, SimStatus>();
  for (const it of items) latest.set(it.wamid, it.status);
  const byStatus = new Map<SimStatus, string[]>();
  for (const [wamid, st] of latest) byStatus.set(st, [...(byStatus.get(st) ?? []), wamid]);
  for (const [status, wamids] of byStatus) await markSandboxStatus(wamids, status);
  await deliverMessagesChange(number, { statuses: items.map((it) => it.payload) });
}

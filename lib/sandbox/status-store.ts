import "@/lib/server-only";
import { db } from "@/lib/db/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { status as statusPayload } from "./payloads";
import { deliverMessagesChange } from "./webhooks";

// The simulator's status reports, gathered per number for a moment and sent together: one UPDATE of
// the simulated phone's ticks and one signed webhook carrying every status due (Meta, too, puts several
// statuses in one webhook's `statuses` array when a number sends fast). At a broadcast's pace this is
// a few requests a second instead of three per message. Reports keep their order: within a webhook in
// the order they were queued, and one flush at a time, so `sent` never overtakes `delivered`.

type SandboxStatus = "sent" | "delivered" | "read" | "failed";

interface Queued {
  wamid: string;
  status: SandboxStatus;
  recipient: string;
  extra: Record<string, unknown>;
}

/** How long a report may wait for others. Small beside the simulated delay between statuses (400 ms). */
const GATHER_MS = 20;
/** Statuses per webhook at the most (a 100-status body is about 30 KB). */
const MAX_PER_WEBHOOK = 100;
const DELIVERY_ATTEMPTS = 4;

const queues = new Map<string, { number: NumberWithSecrets; items: Queued[] }>();
let timer: NodeJS.Timeout | null = null;
let flushing: Promise<void> = Promise.resolve();

export function queueStatus(
  number: NumberWithSecrets,
  wamid: string,
  status: SandboxStatus,
  recipient: string,
  extra: Record<string, unknown> = {},
): void {
  let q = queues.get(number.id);
  if (!q) {
    q = { number, items: [] };
    queues.set(number.id, q);
  }
  q.items.push({ wamid, status, recipient, extra });
  if (!timer) {
    timer = setTimeout(() => {
      timer = null;
      flushing = flushing.then(flush);
    }, GATHER_MS);
    timer.unref?.();
  }
}

async function flush(): Promise<void> {
  const batches = [...queues.values()];
  queues.clear();
  for (const { number, items } of batches) {
    for (let i = 0; i < items.length; i += MAX_PER_WEBHOOK) {
      const chunk = items.slice(i, i + MAX_PER_WEBHOOK);
      try {
        await sendChunk(number, chunk);
      } catch (e) {
        // As before batching: the simulator's webhooks never break what caused them; the log says why.
        console.error("[sandbox] webhook:", (e as Error).message);
      }
    }
  }
}

async function sendChunk(number: NumberWithSecrets, chunk: Queued[]): Promise<void> {
  // The last report per message is the tick its phone shows.
  const last = new Map(chunk.map((q) => [q.wamid, q.status]));
  await db().$executeRaw`
    UPDATE "SandboxMessage" s SET status = v.status
    FROM unnest(${[...last.keys()]}::text[], ${[...last.values()]}::text[]) AS v(wamid, status)
    WHERE s.wamid = v.wamid`;
  const value = { statuses: chunk.map((q) => statusPayload(q.wamid, q.status, q.recipient, q.extra)) };
  // Like Meta, a webhook the app did not accept is sent again (here: a few times, a moment apart, so a
  // restarting receiver does not lose a broadcast's statuses).
  for (let attempt = 1; ; attempt++) {
    const status = await deliverMessagesChange(number, value).catch((e: Error) => e);
    if (typeof status === "number" && status < 300) return;
    if (attempt >= DELIVERY_ATTEMPTS)
      throw new Error(
        `statuses not accepted: ${typeof status === "number" ? `HTTP ${status}` : status.message}`,
      );
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

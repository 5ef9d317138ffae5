import "@/lib/server-only";
import { db, dbInfra } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";

// Durable storage of raw webhook events with group commit: requests that arrive while one INSERT is
// committing share the next one. Each request still gets its 200 only after its own row is durable,
// but a burst costs one commit (one WAL flush) instead of one per request.

export interface RawEventRow {
  id: string;
  projectId: string | null;
  phoneNumberId: string | null;
  wabaId: string | null;
  body: string;
  status: "PENDING" | "ORPHAN";
}

const MAX_ROWS = 200;
let waiting: { row: RawEventRow; done: (e?: unknown) => void }[] = [];
let flushing = false;

const COLUMNS = `INSERT INTO "WebhookEvent" (id, "projectId", "phoneNumberId", "wabaId", body, status) VALUES `;

async function insert(values: string[], params: unknown[]): Promise<void> {
  await dbInfra().sql.query(COLUMNS + values.join(", "), params);
}

function insertOne(row: RawEventRow): Promise<void> {
  return insert(
    ['($1, $2, $3, $4, $5, $6::"WebhookEventStatus")'],
    [row.id, row.projectId, row.phoneNumberId, row.wabaId, row.body, row.status],
  );
}

async function flush(): Promise<void> {
  flushing = true;
  try {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_ROWS);
      waiting = waiting.slice(MAX_ROWS);
      const params: unknown[] = [];
      const values = batch.map(({ row }, i) => {
        params.push(row.id, row.projectId, row.phoneNumberId, row.wabaId, row.body, row.status);
        const b = i * 6;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::"WebhookEventStatus")`;
      });
      try {
        await insert(values, params);
        for (const w of batch) w.done();
      } catch (e) {
        if (batch.length === 1) batch[0]?.done(e);
        // One bad row (say, a body Postgres' jsonb refuses) must not fail its neighbours.
        else for (const w of batch) await insertOne(w.row).then(() => w.done(), w.done);
      }
    }
  } finally {
    flushing = false;
  }
}

/** Resolves once the row is committed; rejects if it could not be stored (the caller answers 503). */
export function storeRawEvent(row: RawEventRow): Promise<void> {
  return new Promise((resolve, reject) => {
    waiting.push({ row, done: (e) => (e ? reject(e) : resolve()) });
    if (!flushing) void flush();
  });
}

/**
 * Stores an event that a meta-kind webhook forwards: the row with its exact bytes, and one
 * whatsapp.meta.received per number to forward for, in one transaction (outside the group commit: only
 * numbers with a meta webhook take this path).
 */
export async function storeForwardedEvent(
  row: RawEventRow,
  numbers: { id: string; projectId: string }[],
): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "WebhookEvent" (id, "projectId", "phoneNumberId", "wabaId", body, "rawBody", status)
      VALUES (${row.id}, ${row.projectId}, ${row.phoneNumberId}, ${row.wabaId}, ${row.body}::jsonb, ${row.body},
              ${row.status}::"WebhookEventStatus")`;
    for (const n of numbers)
      await emit(tx, n.projectId, "whatsapp.meta.received", { webhookEventId: row.id, phoneNumberId: n.id });
  });
}

/** A stored event, for the sweeper (fresh events are processed from the body in hand). */
export function loadEvent(id: string) {
  return db().webhookEvent.findUnique({
    where: { id },
    select: { status: true, body: true, attempts: true },
  });
}

/** The project the receiver verified an event for (null for an orphan). */
export async function eventProjectId(id: string): Promise<string | null> {
  const row = await db().webhookEvent.findUnique({ where: { id }, select: { projectId: true } });
  return row?.projectId ?? null;
}

export async function finishEvent(id: string, status: "PROCESSED" | "ORPHAN"): Promise<void> {
  await dbInfra().sql.query(`SELECT sb_finish_webhook_event($1, $2::"WebhookEventStatus")`, [id, status]);
}

export async function recordEventFailure(
  id: string,
  attempts: number,
  message: string,
  final: boolean,
): Promise<void> {
  await db().webhookEvent.update({
    where: { id },
    data: { attempts, error: message.slice(0, 2000), status: final ? "FAILED" : "PENDING" },
  });
}

/** Claims events a crash left pending (SKIP LOCKED, so instances do not collide), oldest first. */
export async function claimStaleEvents(olderThanMs: number, limit: number): Promise<string[]> {
  const before = new Date(Date.now() - olderThanMs);
  const rows = await db().$queryRaw<{ id: string }[]>`
    UPDATE "WebhookEvent" SET "claimedAt" = now() WHERE id IN (
      SELECT id FROM "WebhookEvent" WHERE status = 'PENDING' AND "receivedAt" < ${before}
        AND ("claimedAt" IS NULL OR "claimedAt" < ${before})
      ORDER BY "receivedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED) RETURNING id`;
  return rows.map((r) => r.id);
}

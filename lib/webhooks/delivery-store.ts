import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { runAt } from "@/lib/jobs/enqueue";
import { ORDER_GAP_MS } from "./events";
import { deliverJob } from "./job-defs";

// The delivery rows are the durable queue. A process that is about to post holds a lease on the rows
// (leaseUntil) and has a timer armed at its end; if the process dies, the timer's job (any worker) takes
// the rows again. Results are recorded in batches (record-store.ts); retries are durable timers. Rows are
// written at dispatch (dispatch-store.ts) and when a conversation's buffer is folded (buffer-store.ts).

type Tx = Prisma.TransactionClient;

/** A delivery a process may post now (lease held). */
export interface ClaimedDelivery {
  id: string;
  projectId: string;
  webhookId: string;
  eventType: string;
  eventId: bigint | null;
  idempotencyKey: string;
  body: string;
  batchSize: number | null;
  conversationId: string | null;
  /** The number of the attempt about to be made (1 for the first). */
  attempt: number;
  url: string;
  kind: string;
  payloadVersion: string;
  customHeaders: Record<string, string>;
  /** The webhook's sealed signing secret: opened at post time, so one unreadable secret fails only its own deliveries. */
  secretEnc: string;
  /** Until when this process may start posting it (a post must also finish within the lease). */
  leaseUntil: Date;
}

export interface DeliveryResult {
  delivery: ClaimedDelivery;
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  requestHeaders: Record<string, string>;
  responseBody: string | null;
  /** Refused by the egress policy (a private address, an invalid URL): no retry can succeed, so none is made. */
  final?: boolean;
}

export function retryDelays(): number[] {
  return env()
    .WEBHOOK_RETRY_DELAYS_SECONDS.split(",")
    .map((s) => Number(s));
}

/**
 * How long a claim is held. A process starts a post only while the post's timeout still fits in the lease
 * (deliver.ts), so the lease's end means nobody is posting it any more, and the lease timer takes over.
 */
export const LEASE_MS = 30_000;
export function leaseMs(_n?: number): number {
  return LEASE_MS;
}

// Opened secrets by sealed value (a handful of webhooks; a rotated secret is a new sealed value).
const opened = new Map<string, string>();

/**
 * The signing secret, or null when it cannot be opened with the current ENCRYPTION_KEY (the key changed
 * under existing rows, or the value is damaged). Callers fail that webhook's deliveries, nothing else.
 */
export function openSecret(secretEnc: string): string | null {
  const hit = opened.get(secretEnc);
  if (hit !== undefined) return hit;
  try {
    const s = decryptSecret(secretEnc, env().ENCRYPTION_KEY);
    if (opened.size > 1000) opened.clear();
    opened.set(secretEnc, s);
    return s;
  } catch {
    return null;
  }
}

/** The delivery log's reason for an attempt that could not be signed. */
export const UNREADABLE_SECRET =
  "secret_unreadable: the webhook's signing secret cannot be decrypted with the current ENCRYPTION_KEY (was the key changed?); rotate the secret to resume deliveries";

// Under a burst the pool can be busy for seconds: Prisma's defaults (2 s to start, 5 s to finish) failed
// claims that would have gone through.
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

/** Most ids one lease timer names (the deliver job's limit). */
const TIMER_IDS = 1000;

/**
 * Arms the timers that take over `ids` when their lease ends without a recorded result: one per
 * TIMER_IDS, so a dispatch batch that fans out to several webhooks (500 events × 3 webhooks) is not
 * refused by the job's limit, which would fail the batch on every retry.
 */
export async function armLeaseTimer(tx: Tx, ids: string[], leaseUntil: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += TIMER_IDS) {
    const chunk = ids.slice(i, i + TIMER_IDS);
    await runAt(
      deliverJob,
      { ids: chunk },
      new Date(leaseUntil.getTime() + 1000),
      `lease:${chunk[0]}:${leaseUntil.getTime()}`,
      tx,
    );
  }
}

interface ClaimRow {
  id: string;
  projectId: string;
  webhookId: string;
  eventType: string;
  eventId: bigint | null;
  idempotencyKey: string;
  body: string;
  batchSize: number | null;
  conversationId: string | null;
  attempts: number;
  url: string;
  kind: string;
  payloadVersion: string;
  headers: unknown;
  secretEnc: string;
}

function toClaimed(r: ClaimRow, leaseUntil: Date): ClaimedDelivery {
  return {
    id: r.id,
    projectId: r.projectId,
    webhookId: r.webhookId,
    eventType: r.eventType,
    eventId: r.eventId === null ? null : BigInt(r.eventId),
    idempotencyKey: r.idempotencyKey,
    body: r.body,
    batchSize: r.batchSize,
    conversationId: r.conversationId,
    attempt: r.attempts + 1,
    url: r.url,
    kind: r.kind,
    payloadVersion: r.payloadVersion,
    customHeaders: (r.headers ?? {}) as Record<string, string>,
    secretEnc: r.secretEnc,
    leaseUntil,
  };
}

/**
 * Takes the deliverable rows among `ids` (due, unleased, webhook active and not paused, and, for message
 * events, no earlier unfinished delivery of the same conversation unless it has waited ORDER_GAP_MS), holds
 * them for a lease and arms the lease timer, in one transaction. Returns them in event order, and what is
 * left waiting for its conversation's turn.
 */
export async function claimDeliveries(
  ids: string[],
): Promise<{ claimed: ClaimedDelivery[]; blocked: string[] }> {
  if (ids.length === 0) return { claimed: [], blocked: [] };
  const lease = leaseMs(ids.length);
  const gapSeconds = ORDER_GAP_MS / 1000;
  // The lease's end is this process's clock value, stored exactly, so a renewal can tell its own lease.
  const until = new Date(Date.now() + lease);
  return db().$transaction(async (tx) => {
    // Rows another statement holds right now (a recording, a renewal, another claim) are skipped, not
    // waited for: whoever holds them answers for them, and a claim that waited could deadlock with it.
    const rows = await tx.$queryRaw<ClaimRow[]>`
      WITH k AS MATERIALIZED (
        SELECT d.id FROM "WebhookDelivery" d JOIN "Webhook" w ON w.id = d."webhookId"
        WHERE d.id = ANY(${ids}::text[]) AND w.active AND w."pausedAt" IS NULL
          AND d.status IN ('pending', 'retrying') AND d."nextAttemptAt" <= now()
          AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now())
          AND (d."conversationId" IS NULL OR d."eventId" IS NULL OR d."eventType" NOT LIKE 'whatsapp.message.%'
               OR d."createdAt" <= now() - make_interval(secs => ${gapSeconds})
               OR NOT EXISTS (
                 SELECT 1 FROM "WebhookDelivery" p
                 WHERE p."webhookId" = d."webhookId" AND p."conversationId" = d."conversationId"
                   AND p."eventType" LIKE 'whatsapp.message.%' AND p.status IN ('pending', 'retrying')
                   AND p."eventId" < d."eventId" AND NOT (p.id = ANY(${ids}::text[]))))
        ORDER BY d.id
        FOR NO KEY UPDATE OF d SKIP LOCKED
      ),
      c AS (
        UPDATE "WebhookDelivery" d SET "leaseUntil" = ${until}::timestamptz AT TIME ZONE 'UTC', "updatedAt" = now()
        FROM k WHERE d.id = k.id
        RETURNING d.*
      )
      SELECT c.id, c."projectId", c."webhookId", c."eventType", c."eventId", c."idempotencyKey", c.body,
             c."batchSize", c."conversationId", c.attempts, w.url, w.kind, w."payloadVersion", w.headers,
             w."secretEnc"
      FROM c JOIN "Webhook" w ON w.id = c."webhookId"
      ORDER BY c."eventId" NULLS LAST, c."createdAt"`;
    const claimed = rows.map((r) => toClaimed(r, until));
    if (claimed.length > 0)
      await armLeaseTimer(
        tx,
        claimed.map((c) => c.id),
        new Date(Date.now() + lease),
      );
    // Rows still waiting for an earlier message of their conversation: look again when the gap is up.
    const taken = new Set(claimed.map((c) => c.id));
    const rest = ids.filter((id) => !taken.has(id));
    const blocked = rest.length
      ? await tx.$queryRaw<{ id: string; createdAt: Date }[]>`
          SELECT d.id, d."createdAt" FROM "WebhookDelivery" d JOIN "Webhook" w ON w.id = d."webhookId"
          WHERE d.id = ANY(${rest}::text[]) AND d.status IN ('pending', 'retrying') AND d."nextAttemptAt" <= now()
            AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now()) AND w.active AND w."pausedAt" IS NULL`
      : [];
    await armOrderTimers(tx, blocked);
    return { claimed, blocked: blocked.map((b) => b.id) };
  }, TX_OPTIONS);
}

/** Gives up the lease on rows a process will not post now (a conversation's earlier message failed). */
export async function releaseLeases(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; createdAt: Date }[]>`
      UPDATE "WebhookDelivery" SET "leaseUntil" = NULL, "updatedAt" = now()
      WHERE id = ANY(${ids}::text[]) AND status IN ('pending', 'retrying') RETURNING id, "createdAt"`;
    await armOrderTimers(tx, rows);
  }, TX_OPTIONS);
}

/**
 * Arms the timers that look again at rows waiting for an earlier message of their conversation, when the
 * order gap is up: one timer per second of due time and TIMER_IDS rows, not one per row (a burst into a
 * few busy conversations left thousands of waiting rows, and a job row for each).
 */
export async function armOrderTimers(tx: Tx, rows: { id: string; createdAt: Date }[]): Promise<void> {
  const bySecond = new Map<number, string[]>();
  for (const r of rows) {
    const due = Math.max(Date.now() + 500, r.createdAt.getTime() + ORDER_GAP_MS + 500);
    const at = Math.ceil(due / 1000) * 1000;
    const ids = bySecond.get(at);
    if (ids) ids.push(r.id);
    else bySecond.set(at, [r.id]);
  }
  for (const [at, ids] of bySecond)
    for (let i = 0; i < ids.length; i += TIMER_IDS) {
      const chunk = ids.slice(i, i + TIMER_IDS);
      // Timer keys carry their time: a key that already fired would arm nothing (pg-boss keeps the job row).
      await runAt(deliverJob, { ids: chunk }, new Date(at), `order:${chunk[0]}:${at}`, tx);
    }
}

/**
 * Everything owed now (due, not leased, webhook taking deliveries), oldest event first: each run of the
 * deliver job also takes these, so a backlog of timers is worked off by whichever timer fires first.
 */
export async function dueDeliveries(limit = 500): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT d.id FROM "WebhookDelivery" d JOIN "Webhook" w ON w.id = d."webhookId"
    WHERE d.status IN ('pending', 'retrying') AND d."nextAttemptAt" <= now()
      AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now()) AND w.active AND w."pausedAt" IS NULL
    ORDER BY d."eventId" NULLS LAST, d."createdAt" LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Rows owed for over `graceSeconds` that nobody holds (unleased, or leased and expired that long ago): each
 * should have been taken by its own timer by now. The safety net's query (see overdueLoop in jobs.ts).
 */
export async function overdueDeliveries(graceSeconds: number, limit = 1000): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT d.id FROM "WebhookDelivery" d JOIN "Webhook" w ON w.id = d."webhookId"
    WHERE d.status IN ('pending', 'retrying')
      AND d."nextAttemptAt" <= now() - make_interval(secs => ${graceSeconds})
      AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now() - make_interval(secs => ${graceSeconds}))
      AND d."createdAt" <= now() - make_interval(secs => ${graceSeconds})
      AND w.active AND w."pausedAt" IS NULL
    ORDER BY d."eventId" NULLS LAST, d."createdAt" LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Extends this process's leases on deliveries it has not started posting yet (a long batch on a busy
 * machine); only rows still holding exactly the lease it was given. Returns the renewed ids and the new end.
 */
export async function renewLeases(
  held: { id: string; leaseUntil: Date }[],
): Promise<{ ids: string[]; until: Date }> {
  const until = new Date(Date.now() + LEASE_MS);
  if (held.length === 0) return { ids: [], until };
  return db().$transaction(async (tx) => {
    // Best effort: a row another statement holds right now (its post was recorded meanwhile, say) is
    // skipped, never waited for, so a renewal cannot deadlock with a recording.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      WITH k AS MATERIALIZED (
        SELECT d.id FROM "WebhookDelivery" d
        JOIN unnest(${held.map((h) => h.id)}::text[], ${held.map((h) => h.leaseUntil)}::timestamptz[]) AS h(id, lease)
          ON d.id = h.id
        WHERE d."leaseUntil" = (h.lease AT TIME ZONE 'UTC') AND d."leaseUntil" > now() AT TIME ZONE 'UTC'
          AND d.status IN ('pending', 'retrying')
        ORDER BY d.id
        FOR NO KEY UPDATE OF d SKIP LOCKED
      )
      UPDATE "WebhookDelivery" d SET "leaseUntil" = ${until}::timestamptz AT TIME ZONE 'UTC', "updatedAt" = now()
      FROM k WHERE d.id = k.id
      RETURNING d.id`;
    await armLeaseTimer(
      tx,
      rows.map((r) => r.id),
      until,
    );
    return { ids: rows.map((r) => r.id), until };
  }, TX_OPTIONS);
}

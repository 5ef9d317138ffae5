import "@/lib/server-only";
import { createHash, randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { runAt } from "@/lib/jobs/enqueue";
import { ORDER_GAP_MS } from "./events";
import { deliverJob } from "./job-defs";
import { PAUSE_WINDOW_MS, pauseReason, shouldPause } from "./pause-rules";

// The delivery rows are the durable queue. A process that is about to post holds a lease on the rows
// (leaseUntil) and has a timer armed at its end; if the process dies, the timer's job (any worker) takes
// the rows again. Results are recorded in batches; retries are durable timers.

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
    const rows = await tx.$queryRaw<ClaimRow[]>`
      WITH c AS (
        UPDATE "WebhookDelivery" d SET "leaseUntil" = ${until}::timestamptz AT TIME ZONE 'UTC', "updatedAt" = now()
        FROM "Webhook" w
        WHERE d.id = ANY(${ids}::text[]) AND w.id = d."webhookId" AND w.active AND w."pausedAt" IS NULL
          AND d.status IN ('pending', 'retrying') AND d."nextAttemptAt" <= now()
          AND (d."leaseUntil" IS NULL OR d."leaseUntil" < now())
          AND (d."conversationId" IS NULL OR d."eventId" IS NULL OR d."eventType" NOT LIKE 'whatsapp.message.%'
               OR d."createdAt" <= now() - make_interval(secs => ${gapSeconds})
               OR NOT EXISTS (
                 SELECT 1 FROM "WebhookDelivery" p
                 WHERE p."webhookId" = d."webhookId" AND p."conversationId" = d."conversationId"
                   AND p."eventType" LIKE 'whatsapp.message.%' AND p.status IN ('pending', 'retrying')
                   AND p."eventId" < d."eventId" AND NOT (p.id = ANY(${ids}::text[]))))
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
    // Timer keys carry their time: a key that already fired would arm nothing (pg-boss keeps the job row).
    for (const b of blocked) {
      const at = new Date(Math.max(Date.now() + 500, b.createdAt.getTime() + ORDER_GAP_MS + 500));
      await runAt(deliverJob, { ids: [b.id] }, at, `order:${b.id}:${at.getTime()}`, tx);
    }
    return { claimed, blocked: blocked.map((b) => b.id) };
  });
}

export interface RecordOutcome {
  /** Webhooks this batch paused (notify their projects). */
  paused: { id: string; projectId: string; url: string; reason: string }[];
  /** Deliveries now free to go because an earlier one of their conversation finished. */
  successors: string[];
}

/** Records a batch of attempts, moves each delivery on (succeeded, retrying with a timer, failed), pauses. */
export async function recordResults(results: DeliveryResult[]): Promise<RecordOutcome> {
  if (results.length === 0) return { paused: [], successors: [] };
  const delays = retryDelays();
  return db().$transaction(
    async (tx) => {
      await tx.webhookAttempt.createMany({
        data: results.map((r) => ({
          id: randomUUID(),
          projectId: r.delivery.projectId,
          webhookId: r.delivery.webhookId,
          deliveryId: r.delivery.id,
          attempt: r.delivery.attempt,
          eventType: r.delivery.eventType,
          statusCode: r.statusCode,
          latencyMs: r.latencyMs,
          error: r.error,
          ok: r.ok,
          requestHeaders: r.requestHeaders,
          responseBody: r.responseBody,
        })),
      });
      const ids: string[] = [];
      const statuses: string[] = [];
      const attempts: number[] = [];
      const waits: number[] = [];
      const codes: (number | null)[] = [];
      const latencies: number[] = [];
      const errors: (string | null)[] = [];
      const retries: { id: string; attempt: number; wait: number }[] = [];
      for (const r of results) {
        const n = r.delivery.attempt;
        const wait = r.ok ? 0 : (delays[n - 1] ?? -1);
        const status = r.ok ? "succeeded" : wait >= 0 ? "retrying" : "failed";
        if (status === "retrying") retries.push({ id: r.delivery.id, attempt: n, wait });
        ids.push(r.delivery.id);
        statuses.push(status);
        attempts.push(n);
        waits.push(Math.max(wait, 0));
        codes.push(r.statusCode);
        latencies.push(r.latencyMs);
        errors.push(r.error);
      }
      // Fenced on the attempt count: a result from a process whose lease ran out, after another one
      // already recorded this attempt, does not move the delivery twice.
      await tx.$executeRaw`
        UPDATE "WebhookDelivery" d SET status = u.status, attempts = u.attempts, "leaseUntil" = NULL,
          "nextAttemptAt" = now() + make_interval(secs => u.wait), "lastStatusCode" = u.code,
          "lastLatencyMs" = u.lat, "lastError" = u.err,
          "deliveredAt" = CASE WHEN u.status = 'succeeded' THEN now() ELSE d."deliveredAt" END,
          "updatedAt" = now()
        FROM unnest(${ids}::text[], ${statuses}::text[], ${attempts}::int[], ${waits}::float8[],
                    ${codes}::int[], ${latencies}::int[], ${errors}::text[]) AS u(id, status, attempts, wait, code, lat, err)
        WHERE d.id = u.id AND d.attempts = u.attempts - 1`;
      for (const r of retries)
        await runAt(
          deliverJob,
          { ids: [r.id] },
          new Date(Date.now() + r.wait * 1000),
          `retry:${r.id}:${r.attempt}`,
          tx,
        );

      const paused = await pauseFailing(tx, [
        ...new Set(results.filter((r) => !r.ok).map((r) => r.delivery.webhookId)),
      ]);

      // Successors: the next waiting message events of conversations whose earlier delivery finished.
      const finished = results.filter(
        (r, i) =>
          statuses[i] !== "retrying" &&
          r.delivery.conversationId &&
          r.delivery.eventType.startsWith("whatsapp.message."),
      );
      let successors: string[] = [];
      if (finished.length > 0) {
        const hooks = finished.map((r) => r.delivery.webhookId);
        const convs = finished.map((r) => r.delivery.conversationId as string);
        const rows = await tx.$queryRaw<{ id: string }[]>`
          SELECT d.id FROM "WebhookDelivery" d
          JOIN unnest(${hooks}::text[], ${convs}::text[]) AS f(hook, conv)
            ON d."webhookId" = f.hook AND d."conversationId" = f.conv
          WHERE d.status = 'pending' AND d."leaseUntil" IS NULL AND d."eventType" LIKE 'whatsapp.message.%'`;
        successors = [...new Set(rows.map((r) => r.id))];
      }
      // A batch that failed for good falls back to single deliveries of its messages (spec §1.8).
      const failedBatches = results
        .filter((r, i) => statuses[i] === "failed" && r.delivery.batchSize !== null)
        .map((r) => r.delivery.id);
      if (failedBatches.length > 0) {
        const members = await tx.$queryRaw<{ id: string }[]>`
          UPDATE "WebhookDelivery" SET status = 'pending', "nextAttemptAt" = now(), "leaseUntil" = NULL,
            "updatedAt" = now()
          WHERE "batchId" = ANY(${failedBatches}::text[]) AND status = 'batched' RETURNING id`;
        if (members.length > 0) {
          await runAt(
            deliverJob,
            { ids: members.map((m) => m.id) },
            new Date(Date.now() + 5000),
            `unbatch:${failedBatches[0]}`,
            tx,
          );
          successors = [...successors, ...members.map((m) => m.id)];
        }
      }
      return { paused, successors };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/** Pauses each webhook whose last 15 minutes cross the threshold (pause-rules.ts); returns the newly paused. */
export async function pauseFailing(tx: Tx, webhookIds: string[]): Promise<RecordOutcome["paused"]> {
  if (webhookIds.length === 0) return [];
  const counts = await tx.$queryRaw<{ webhookId: string; deliveries: bigint; failures: bigint }[]>`
    SELECT "webhookId", count(*) AS deliveries, count(*) FILTER (WHERE NOT ok) AS failures
    FROM "WebhookAttempt" WHERE "webhookId" = ANY(${webhookIds}::text[]) AND "createdAt" > now() - make_interval(secs => ${PAUSE_WINDOW_MS / 1000})
    GROUP BY "webhookId"`;
  const paused: RecordOutcome["paused"] = [];
  for (const c of counts) {
    const w = { deliveries: Number(c.deliveries), failures: Number(c.failures) };
    if (!shouldPause(w)) continue;
    const reason = pauseReason(w);
    const rows = await tx.$queryRaw<{ id: string; projectId: string; url: string }[]>`
      UPDATE "Webhook" SET "pausedAt" = now(), "pausedReason" = ${reason}, "updatedAt" = now()
      WHERE id = ${c.webhookId} AND "pausedAt" IS NULL RETURNING id, "projectId", url`;
    for (const r of rows) paused.push({ ...r, reason });
  }
  return paused;
}

/** Members' addresses for a pause notice. */
export async function projectMemberEmails(projectId: string): Promise<{ name: string; emails: string[] }> {
  const p = await db().project.findUnique({
    where: { id: projectId },
    select: { name: true, memberships: { select: { user: { select: { email: true } } } } },
  });
  return {
    name: p?.name ?? projectId,
    emails: (p?.memberships ?? []).map((m) => m.user.email).filter(Boolean),
  };
}

/** Gives up the lease on rows a process will not post now (a conversation's earlier message failed). */
export async function releaseLeases(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; createdAt: Date }[]>`
      UPDATE "WebhookDelivery" SET "leaseUntil" = NULL, "updatedAt" = now()
      WHERE id = ANY(${ids}::text[]) AND status IN ('pending', 'retrying') RETURNING id, "createdAt"`;
    for (const r of rows) {
      const at = new Date(Math.max(Date.now() + 500, r.createdAt.getTime() + ORDER_GAP_MS + 500));
      await runAt(deliverJob, { ids: [r.id] }, at, `order:${r.id}:${at.getTime()}`, tx);
    }
  });
}

export interface HookRow {
  id: string;
  projectId: string;
  phoneNumberId: string | null;
  url: string;
  events: string[];
  headers: unknown;
  payloadVersion: string;
  bufferEnabled: boolean;
  bufferWindowSeconds: number;
  maxBufferSize: number;
  inactivityMinutes: number;
  secretEnc: string;
}

/** The kapso-kind webhooks that take deliveries now (active, not paused) in these projects. */
export function activeKapsoWebhooks(tx: Tx, projectIds: string[]): Promise<HookRow[]> {
  return tx.webhook.findMany({
    where: { projectId: { in: projectIds }, kind: "kapso", active: true, pausedAt: null },
    select: {
      id: true,
      projectId: true,
      phoneNumberId: true,
      url: true,
      events: true,
      headers: true,
      payloadVersion: true,
      bufferEnabled: true,
      bufferWindowSeconds: true,
      maxBufferSize: true,
      inactivityMinutes: true,
      secretEnc: true,
    },
  });
}

/** Which (webhook, conversation) pairs have an unfinished message delivery (keys `webhook\0conversation`). */
export async function unfinishedConversations(
  tx: Tx,
  pairs: { webhookId: string; conversationId: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ webhookId: string; conversationId: string }[]>`
    SELECT DISTINCT d."webhookId", d."conversationId" FROM "WebhookDelivery" d
    JOIN unnest(${pairs.map((p) => p.webhookId)}::text[], ${pairs.map((p) => p.conversationId)}::text[]) AS f(hook, conv)
      ON d."webhookId" = f.hook AND d."conversationId" = f.conv
    WHERE d.status IN ('pending', 'retrying') AND d."eventType" LIKE 'whatsapp.message.%'`;
  return new Set(rows.map((r) => `${r.webhookId}\u0000${r.conversationId}`));
}

export interface NewDelivery {
  id: string;
  projectId: string;
  webhookId: string;
  eventId: bigint | null;
  eventType: string;
  idempotencyKey: string;
  body: string;
  conversationId: string | null;
  leaseUntil: Date | null;
  status?: string;
  batchSize?: number | null;
}

/** Inserts deliveries; `waiting` ones (behind an earlier message of their conversation) get an order timer. */
export async function insertDeliveries(tx: Tx, rows: NewDelivery[], waiting: string[] = []): Promise<void> {
  if (rows.length === 0) return;
  // One statement over one JSON parameter (a dispatch batch writes hundreds of rows with their bodies):
  // JSON.stringify is native, where the driver's array literals escape every body character by character.
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      p: r.projectId,
      w: r.webhookId,
      e: r.eventId === null ? null : String(r.eventId),
      t: r.eventType,
      k: r.idempotencyKey,
      b: r.body,
      c: r.conversationId,
      l: r.leaseUntil?.toISOString() ?? null,
      st: r.status ?? "pending",
      bs: r.batchSize ?? null,
    })),
  );
  await tx.$executeRaw`
    INSERT INTO "WebhookDelivery" (id, "projectId", "webhookId", "eventId", "eventType", "idempotencyKey", body,
                                   "conversationId", "leaseUntil", status, "batchSize", "updatedAt")
    SELECT id, p, w, e::bigint, t, k, b, c, l::timestamptz AT TIME ZONE 'UTC', st, bs, now()
    FROM json_to_recordset(${json}::json)
      AS u(id text, p text, w text, e text, t text, k text, b text, c text, l text, st text, bs int)
    ON CONFLICT DO NOTHING`;
  for (const id of waiting)
    await runAt(
      deliverJob,
      { ids: [id] },
      new Date(Date.now() + ORDER_GAP_MS + 500),
      `order:${id}:insert`,
      tx,
    );
}

/**
 * Turns a conversation's buffered rows into batch deliveries of at most max_buffer_size, unless a newer
 * message's window is still open and the buffer is not full. The batches are leased to the caller.
 */
export async function takeBuffer(webhookId: string, conversationId: string): Promise<ClaimedDelivery[]> {
  const { batchPayload } = await import("./payloads");
  return db().$transaction(async (tx) => {
    const hook = await tx.webhook.findUnique({ where: { id: webhookId } });
    if (!hook?.active || hook.pausedAt) return [];
    const rows = await tx.$queryRaw<
      { id: string; eventId: bigint; body: string; createdAt: Date; projectId: string }[]
    >`
      SELECT id, "eventId", body, "createdAt", "projectId" FROM "WebhookDelivery"
      WHERE "webhookId" = ${webhookId} AND "conversationId" = ${conversationId} AND status = 'buffered'
      ORDER BY "eventId" FOR UPDATE`;
    if (rows.length === 0) return [];
    const newest = rows[rows.length - 1] as (typeof rows)[number];
    const windowMs = hook.bufferWindowSeconds * 1000;
    if (rows.length < hook.maxBufferSize && newest.createdAt.getTime() + windowMs > Date.now() + 50)
      return [];
    const out: ClaimedDelivery[] = [];
    const lease = new Date(Date.now() + leaseMs(rows.length));
    for (let i = 0; i < rows.length; i += hook.maxBufferSize) {
      const chunk = rows.slice(i, i + hook.maxBufferSize);
      const id = randomUUID();
      const first = chunk[0] as (typeof rows)[number];
      const last = chunk[chunk.length - 1] as (typeof rows)[number];
      const body = JSON.stringify(
        batchPayload(
          "whatsapp.message.received",
          chunk.map((r) => JSON.parse(r.body)),
          {
            windowMs,
            firstSequence: Number(first.eventId),
            lastSequence: Number(last.eventId),
            conversationId,
          },
        ),
      );
      const key = createHash("sha256")
        .update(`batch:${chunk.map((r) => r.id).join(",")}`)
        .digest("hex");
      const idempotencyKey = `${key.slice(0, 8)}-${key.slice(8, 12)}-4${key.slice(13, 16)}-b${key.slice(17, 20)}-${key.slice(20, 32)}`;
      await tx.webhookDelivery.create({
        data: {
          id,
          projectId: first.projectId,
          webhookId,
          eventType: "whatsapp.message.received",
          idempotencyKey,
          body,
          batchSize: chunk.length,
          conversationId: null,
          leaseUntil: lease,
        },
        select: { id: true },
      });
      await tx.webhookDelivery.updateMany({
        where: { id: { in: chunk.map((r) => r.id) } },
        data: { status: "batched", batchId: id },
      });
      out.push({
        id,
        projectId: first.projectId,
        webhookId,
        eventType: "whatsapp.message.received",
        eventId: null,
        idempotencyKey,
        body,
        batchSize: chunk.length,
        conversationId: null,
        attempt: 1,
        url: hook.url,
        kind: hook.kind,
        payloadVersion: hook.payloadVersion,
        customHeaders: (hook.headers ?? {}) as Record<string, string>,
        secretEnc: hook.secretEnc,
        leaseUntil: lease,
      });
    }
    await armLeaseTimer(
      tx,
      out.map((d) => d.id),
      lease,
    );
    return out;
  });
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
 * Extends this process's leases on deliveries it has not started posting yet (a long batch on a busy
 * machine); only rows still holding exactly the lease it was given. Returns the renewed ids and the new end.
 */
export async function renewLeases(
  held: { id: string; leaseUntil: Date }[],
): Promise<{ ids: string[]; until: Date }> {
  const until = new Date(Date.now() + LEASE_MS);
  if (held.length === 0) return { ids: [], until };
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "WebhookDelivery" d SET "leaseUntil" = ${until}::timestamptz AT TIME ZONE 'UTC', "updatedAt" = now()
      FROM unnest(${held.map((h) => h.id)}::text[], ${held.map((h) => h.leaseUntil)}::timestamptz[]) AS h(id, lease)
      WHERE d.id = h.id AND d."leaseUntil" = (h.lease AT TIME ZONE 'UTC') AND d."leaseUntil" > now() AT TIME ZONE 'UTC'
        AND d.status IN ('pending', 'retrying')
      RETURNING d.id`;
    await armLeaseTimer(
      tx,
      rows.map((r) => r.id),
      until,
    );
    return { ids: rows.map((r) => r.id), until };
  });
}

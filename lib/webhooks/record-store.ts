import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db, dbInfra } from "@/lib/db/client";
import { runAt } from "@/lib/jobs/enqueue";
import { type DeliveryResult, retryDelays } from "./delivery-store";
import { deliverJob } from "./job-defs";
import { PAUSE_WINDOW_MS, pauseReason, shouldPause } from "./pause-rules";

// Recording results: each attempt logged, each delivery moved on (succeeded, retrying with a durable
// timer, failed), failing webhooks paused, and the next waiting messages of finished conversations named.

type Tx = Prisma.TransactionClient;

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
        const wait = r.ok ? 0 : r.final ? -1 : (delays[n - 1] ?? -1);
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
      // Locked in id order first (recordSucceeded sends its rows in id order too): two statements locking
      // the same rows in different orders deadlock. A deadlock that happens anyway is retried (deliver.ts).
      await tx.$queryRaw`
        SELECT id FROM "WebhookDelivery" WHERE id = ANY(${ids}::text[]) ORDER BY id FOR NO KEY UPDATE`;
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

/**
 * Pauses each webhook whose last 15 minutes cross the threshold (pause-rules.ts), counting only attempts
 * since it was last turned back on; returns the newly paused.
 */
export async function pauseFailing(tx: Tx, webhookIds: string[]): Promise<RecordOutcome["paused"]> {
  if (webhookIds.length === 0) return [];
  const counts = await tx.$queryRaw<{ webhookId: string; deliveries: bigint; failures: bigint }[]>`
    SELECT a."webhookId", count(*) AS deliveries, count(*) FILTER (WHERE NOT a.ok) AS failures
    FROM "WebhookAttempt" a JOIN "Webhook" w ON w.id = a."webhookId"
    WHERE a."webhookId" = ANY(${webhookIds}::text[])
      AND a."createdAt" > now() - make_interval(secs => ${PAUSE_WINDOW_MS / 1000})
      AND (w."resumedAt" IS NULL OR a."createdAt" >= w."resumedAt")
    GROUP BY a."webhookId"`;
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

// The common case of recording, in one statement: every attempt of the batch succeeded (no retry timer,
// no pause check, no batch fallback). The attempts are logged, the deliveries marked succeeded (fenced on
// the attempt count, as in recordResults), and the next waiting message events of their conversations
// returned, in one round trip instead of a transaction of five. A single statement is atomic by itself.

/** Whether `recordSucceeded` can record this batch (all 2xx, no batch deliveries). */
export function allSucceeded(results: DeliveryResult[]): boolean {
  return results.length > 0 && results.every((r) => r.ok && r.delivery.batchSize === null);
}

export async function recordSucceeded(results: DeliveryResult[]): Promise<RecordOutcome> {
  // One JSON parameter: the driver's array literals escape every character of the headers and bodies.
  // In id order, the order recordResults locks in (a deadlock between the two is retried, deliver.ts).
  const sorted = [...results].sort((a, b) => (a.delivery.id < b.delivery.id ? -1 : 1));
  const json = JSON.stringify(
    sorted.map((r) => ({
      id: randomUUID(),
      p: r.delivery.projectId,
      w: r.delivery.webhookId,
      dl: r.delivery.id,
      n: r.delivery.attempt,
      t: r.delivery.eventType,
      c: r.statusCode,
      l: r.latencyMs,
      h: r.requestHeaders,
      b: r.responseBody,
    })),
  );
  // On the driver directly, as the ingest hot path is: Prisma's raw queries pass every parameter through
  // a JSON round trip of their own, and this one is a batch's headers and response bodies.
  const rows = await dbInfra().sql.query<{ id: string | null }>(
    `
    WITH u AS MATERIALIZED (
      SELECT * FROM json_to_recordset($1::json)
        AS u(id text, p text, w text, dl text, n int, t text, c int, l int, h jsonb, b text)
    ),
    a AS (
      INSERT INTO "WebhookAttempt" (id, "projectId", "webhookId", "deliveryId", attempt, "eventType",
                                    "statusCode", "latencyMs", error, ok, "requestHeaders", "responseBody")
      SELECT id, p, w, dl, n, t, c, l, NULL, true, h, b FROM u
    ),
    s AS (
      UPDATE "WebhookDelivery" x SET status = 'succeeded', attempts = u.n, "leaseUntil" = NULL,
        "nextAttemptAt" = now(), "lastStatusCode" = u.c, "lastLatencyMs" = u.l, "lastError" = NULL,
        "deliveredAt" = now(), "updatedAt" = now()
      FROM u
      WHERE x.id = u.dl AND x.attempts = u.n - 1
      RETURNING x."webhookId", x."conversationId", x."eventType"
    )
    SELECT DISTINCT n.id FROM "WebhookDelivery" n
    JOIN (SELECT DISTINCT "webhookId", "conversationId" FROM s
          WHERE "conversationId" IS NOT NULL AND "eventType" LIKE 'whatsapp.message.%') f
      ON n."webhookId" = f."webhookId" AND n."conversationId" = f."conversationId"
    WHERE n.status = 'pending' AND n."leaseUntil" IS NULL AND n."eventType" LIKE 'whatsapp.message.%'`,
    [json],
  );
  return { paused: [], successors: rows.map((r) => r.id).filter((x): x is string => x !== null) };
}

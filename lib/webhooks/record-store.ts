import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { DeliveryResult, RecordOutcome } from "./delivery-store";

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
  const json = JSON.stringify(
    results.map((r) => ({
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
  const rows = await db().$queryRaw<{ id: string | null }[]>`
    WITH u AS MATERIALIZED (
      SELECT * FROM json_to_recordset(${json}::json)
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
    WHERE n.status = 'pending' AND n."leaseUntil" IS NULL AND n."eventType" LIKE 'whatsapp.message.%'`;
  return { paused: [], successors: rows.map((r) => r.id).filter((x): x is string => x !== null) };
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { armOrderTimers } from "./delivery-store";

// The dispatch transaction's reads and writes: the webhooks that take an event, which conversations still
// have a message in flight, and the delivery rows themselves (the durable queue, delivery-store.ts).

type Tx = Prisma.TransactionClient;

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
  // Each pair once, and a probe that stops at the first open row: a busy conversation can have dozens
  // open (a burst into it), and reading all of them for every event of a batch cost more than the insert.
  const seen = new Map<string, { webhookId: string; conversationId: string }>();
  for (const p of pairs) seen.set(`${p.webhookId}\u0000${p.conversationId}`, p);
  const unique = [...seen.values()];
  const rows = await tx.$queryRaw<{ webhookId: string; conversationId: string }[]>`
    SELECT f.hook AS "webhookId", f.conv AS "conversationId"
    FROM unnest(${unique.map((p) => p.webhookId)}::text[], ${unique.map((p) => p.conversationId)}::text[]) AS f(hook, conv)
    WHERE EXISTS (
      SELECT 1 FROM "WebhookDelivery" d
      WHERE d."webhookId" = f.hook AND d."conversationId" = f.conv
        AND d.status IN ('pending', 'retrying') AND d."eventType" LIKE 'whatsapp.message.%')`;
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
  const now = new Date();
  await armOrderTimers(
    tx,
    waiting.map((id) => ({ id, createdAt: now })),
  );
}

import "@/lib/server-only";
import type { BroadcastRecipientStatus, MessageStatus } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";

// What the broadcast sender keeps in the database: the lease on a broadcast (one sender at a time),
// recipient claims (each row goes PENDING → SENDING once per attempt, so no two senders take it), and
// each send's outcome. Everything a kill -9 could interrupt is recovered from these rows.

export interface LeasedBroadcast {
  id: string;
  projectId: string;
  numberId: string;
  templateName: string;
  templateLanguage: string;
  backoffUntil: Date | null;
  /** The number's Meta throughput level (live numbers; see throttle.numberThroughput). */
  throughputLevel: string | null;
}

/** Takes the broadcast for `owner` if it is sending and nobody else holds a live lease. */
export async function acquireLease(
  broadcastId: string,
  owner: string,
  ms: number,
): Promise<LeasedBroadcast | null> {
  const rows = await db().$queryRaw<LeasedBroadcast[]>`
    UPDATE "Broadcast" SET "leaseOwner" = ${owner}, "leaseUntil" = now() + ${ms} * interval '1 millisecond'
    WHERE id = ${broadcastId} AND status = 'SENDING'
      AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${owner})
    RETURNING id, "projectId", "phoneNumberId" AS "numberId", "templateName", "templateLanguage", "backoffUntil",
      (SELECT p."throughputLevel" FROM "PhoneNumber" p WHERE p.id = "Broadcast"."phoneNumberId") AS "throughputLevel"`;
  return rows[0] ?? null;
}

/** Extends the lease; null when it was lost (taken over, or the broadcast stopped sending). */
export async function renewLease(
  broadcastId: string,
  owner: string,
  ms: number,
): Promise<{ backoffUntil: Date | null } | null> {
  const rows = await db().$queryRaw<{ backoffUntil: Date | null }[]>`
    UPDATE "Broadcast" SET "leaseUntil" = now() + ${ms} * interval '1 millisecond'
    WHERE id = ${broadcastId} AND status = 'SENDING' AND "leaseOwner" = ${owner}
    RETURNING "backoffUntil"`;
  return rows[0] ?? null;
}

export async function releaseLease(broadcastId: string, owner: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "Broadcast" SET "leaseOwner" = NULL, "leaseUntil" = NULL
    WHERE id = ${broadcastId} AND "leaseOwner" = ${owner}`;
}

export async function setBackoff(broadcastId: string, until: Date): Promise<void> {
  await db().$executeRaw`
    UPDATE "Broadcast" SET "backoffUntil" = GREATEST(COALESCE("backoffUntil", ${until}), ${until})
    WHERE id = ${broadcastId}`;
}

/** Error codes that mean "not sent, try again later" (throughput, temporary). */
export const RETRYABLE_CODES = new Set([130429, 131056, 131000]);

export const INTERRUPTED =
  "Interrupted while WhatsApp was being called: not sent again, so nobody gets it twice";

/**
 * Recipients a dead sender left in SENDING. Its message row tells what happened: none (the send never
 * started) → back to PENDING; a wamid (WhatsApp accepted it) → ACCEPTED; refused by Graph → its
 * error; still pending without a wamid (the call was in flight) → FAILED, never retried.
 */
export async function recoverInterrupted(
  broadcastId: string,
  numberId: string,
  /** Only this recipient (a send that failed outside Graph: settle it from its message row). */
  recipientId?: string,
): Promise<number> {
  const stale = await db().$queryRaw<
    {
      id: string;
      messageId: string | null;
      wamid: string | null;
      mstatus: MessageStatus | null;
      error: { code?: number; title?: string } | null;
      contactId: string | null;
      createdAt: Date | null;
    }[]
  >`
    SELECT r.id, m.id AS "messageId", m.wamid, m.status AS mstatus, m.error, c."contactId", m."createdAt"
    FROM "BroadcastRecipient" r
    LEFT JOIN LATERAL (
      SELECT m.* FROM "Message" m
      JOIN "Conversation" cv ON cv.id = m."conversationId"
      JOIN "Contact" ct ON ct.id = cv."contactId"
      WHERE m."phoneNumberId" = ${numberId} AND m.origin = 'BROADCAST' AND m.direction = 'OUTBOUND'
        AND m."createdAt" >= r."claimedAt" AND ct."waId" = r.phone
      ORDER BY m."createdAt" DESC LIMIT 1
    ) m ON true
    LEFT JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE r."broadcastId" = ${broadcastId} AND r.status = 'SENDING'
      AND (${recipientId ?? null}::text IS NULL OR r.id = ${recipientId ?? null})`;
  for (const r of stale) {
    if (!r.messageId) {
      await db().broadcastRecipient.update({
        where: { id: r.id },
        data: { status: "PENDING", claimedAt: null },
      });
    } else if (r.wamid) {
      await linkAccepted(r.id, r.messageId, r.contactId, r.wamid, r.createdAt ?? new Date());
    } else if (r.mstatus === "FAILED" && r.error?.code !== 0) {
      await db().broadcastRecipient.update({
        where: { id: r.id },
        data: { status: "PENDING", claimedAt: null },
      });
    } else {
      await markFailed(r.id, 0, INTERRUPTED);
    }
  }
  return stale.length;
}

/** Takes up to `n` pending recipients for this sender (SKIP LOCKED: concurrent senders never share one). */
export async function claimRecipients(
  broadcastId: string,
  n: number,
): Promise<{ id: string; phone: string; components: Record<string, unknown>[]; attempts: number }[]> {
  return db().$queryRaw`
    UPDATE "BroadcastRecipient" SET status = 'SENDING', "claimedAt" = now(), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM "BroadcastRecipient"
      WHERE "broadcastId" = ${broadcastId} AND status = 'PENDING'
      ORDER BY "createdAt", id LIMIT ${n} FOR UPDATE SKIP LOCKED
    ) AND status = 'PENDING'
    RETURNING id, phone, components, attempts`;
}

const RANK: Record<BroadcastRecipientStatus, number> = {
  PENDING: 0,
  SENDING: 1,
  ACCEPTED: 2,
  SENT: 3,
  DELIVERED: 4,
  READ: 5,
  FAILED: 6,
  SKIPPED: 6,
};

/** The recipient status a message status means. */
export function recipientStatusOf(s: MessageStatus): BroadcastRecipientStatus | null {
  if (s === "SENT" || s === "DELIVERED" || s === "READ" || s === "FAILED") return s;
  return null;
}

/**
 * WhatsApp accepted the send: link the recipient to its message. The message row is read FOR SHARE in
 * the same transaction, so a status that committed first is applied here and one that commits later
 * finds the link (the status subscriber).
 */
export async function linkAccepted(
  recipientId: string,
  messageId: string,
  contactId: string | null,
  wamid: string,
  sentAt = new Date(),
): Promise<void> {
  // Usually no status has arrived yet (the message is still PENDING): one statement, the message row
  // read FOR SHARE as below. Otherwise the transaction below applies what arrived.
  const linked = await db().$executeRaw`
    WITH m AS (
      SELECT m.id, m.status, c."contactId" FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
      WHERE m.id = ${messageId} FOR SHARE OF m)
    UPDATE "BroadcastRecipient" r
    SET status = 'ACCEPTED', "messageId" = m.id, wamid = ${wamid},
        "contactId" = COALESCE(${contactId}, m."contactId"), "sentAt" = ${sentAt}
    FROM m WHERE r.id = ${recipientId} AND m.status = 'PENDING'`;
  if (linked === 1) return;
  await db().$transaction(async (tx) => {
    const [m] = await tx.$queryRaw<
      { status: MessageStatus; error: { code?: number; title?: string } | null; contactId: string }[]
    >`
      SELECT m.status, m.error, c."contactId" FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
      WHERE m.id = ${messageId} FOR SHARE OF m`;
    const now = new Date();
    const reached = m ? recipientStatusOf(m.status) : null;
    if (reached === "FAILED" && RETRYABLE_CODES.has(m?.error?.code ?? -1)) {
      // "Too fast" arrived before the link: not sent, back to the queue (attempts are capped at claim).
      await tx.broadcastRecipient.update({
        where: { id: recipientId },
        data: { status: "PENDING", claimedAt: null, messageId: null, wamid: null },
      });
      return;
    }
    const status = reached && RANK[reached] > RANK.ACCEPTED ? reached : "ACCEPTED";
    await tx.broadcastRecipient.update({
      where: { id: recipientId },
      data: {
        status,
        messageId,
        wamid,
        contactId: contactId ?? m?.contactId ?? null,
        sentAt,
        ...(status === "DELIVERED" || status === "READ" ? { deliveredAt: now } : {}),
        ...(status === "READ" ? { readAt: now } : {}),
        ...(status === "FAILED"
          ? { failedAt: now, errorCode: m?.error?.code ?? null, errorTitle: m?.error?.title ?? "Failed" }
          : {}),
      },
    });
  });
}

export async function markFailed(recipientId: string, code: number | null, title: string): Promise<void> {
  await db().broadcastRecipient.update({
    where: { id: recipientId },
    data: { status: "FAILED", errorCode: code, errorTitle: title.slice(0, 500), failedAt: new Date() },
  });
}

/** Claimed recipients a slice did not start, back in the queue together (one statement). */
export async function requeueUnstarted(recipientIds: string[]): Promise<void> {
  if (recipientIds.length === 0) return;
  // A claim counted an attempt; one never started gives it back. A broadcast cancelled meanwhile skips them.
  await db().$executeRaw`
    UPDATE "BroadcastRecipient" r SET
      status = (CASE WHEN b.status = 'CANCELLED' THEN 'SKIPPED' ELSE 'PENDING' END)::"BroadcastRecipientStatus",
      "claimedAt" = NULL, "messageId" = NULL, wamid = NULL, attempts = GREATEST(r.attempts - 1, 0)
    FROM "Broadcast" b WHERE r.id = ANY(${recipientIds}) AND r.status = 'SENDING' AND b.id = r."broadcastId"`;
}

/** Back in the queue for another attempt (WhatsApp said "too fast", or a 5xx). */
export async function requeue(recipientId: string): Promise<void> {
  // A broadcast cancelled meanwhile skips it instead.
  await db().$executeRaw`
    UPDATE "BroadcastRecipient" r SET
      status = (CASE WHEN b.status = 'CANCELLED' THEN 'SKIPPED' ELSE 'PENDING' END)::"BroadcastRecipientStatus",
      "claimedAt" = NULL, "messageId" = NULL, wamid = NULL
    FROM "Broadcast" b WHERE r.id = ${recipientId} AND b.id = r."broadcastId"`;
}

/** How many recipients are still to send, and how many were accepted but not yet confirmed by a status. */
export async function remaining(
  broadcastId: string,
): Promise<{ open: number; unconfirmed: number; sent: number }> {
  const [r] = await db().$queryRaw<{ open: bigint; unconfirmed: bigint; sent: bigint }[]>`
    SELECT count(*) FILTER (WHERE status IN ('PENDING', 'SENDING')) AS open,
           count(*) FILTER (WHERE status = 'ACCEPTED') AS unconfirmed,
           count(*) FILTER (WHERE status IN ('ACCEPTED', 'SENT', 'DELIVERED', 'READ')) AS sent
    FROM "BroadcastRecipient" WHERE "broadcastId" = ${broadcastId}`;
  return { open: Number(r?.open ?? 0), unconfirmed: Number(r?.unconfirmed ?? 0), sent: Number(r?.sent ?? 0) };
}

/** Ends a broadcast that has nothing left to send: completed, or failed when nothing reached WhatsApp. */
export async function finish(broadcastId: string, owner: string): Promise<boolean> {
  const { open, sent } = await remaining(broadcastId);
  if (open > 0) return false;
  const status = sent > 0 ? "COMPLETED" : "FAILED";
  const n = await db().$executeRaw`
    UPDATE "Broadcast" SET status = ${status}::"BroadcastStatus", "completedAt" = now(), "leaseOwner" = NULL, "leaseUntil" = NULL
    WHERE id = ${broadcastId} AND status = 'SENDING' AND "leaseOwner" = ${owner}`;
  return n === 1;
}

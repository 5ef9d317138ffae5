import "@/lib/server-only";
import { dbInfra } from "@/lib/db/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import type { InboundMessage } from "./shapes";

// Inbound message storage, the ingest hot path: one round trip per message to sb_ingest_message, or per batch to
// sb_ingest_batch (see their migrations for why, and for the rules they keep: project scope,
// idempotency on wamid, one open conversation per contact, events in the same transaction).

const NOT_UNREAD = new Set(["reaction", "system"]);

export interface SenderProfile {
  waId?: string;
  bsuid?: string;
  profileName?: string;
}

/** One inbound message, as the SQL functions take it. */
export interface IngestItem {
  projectId: string;
  numberId: string;
  wamid: string;
  type: string;
  content: InboundMessage;
  replyTo: string | null;
  sentAt: string;
  waId: string | null;
  bsuid: string | null;
  profileName: string | null;
  countsUnread: boolean;
  /** The webhook event that carried only this message: marked processed in the same transaction. */
  eventId: string | null;
}

export function ingestItem(
  number: NumberWithSecrets,
  msg: InboundMessage,
  sender: SenderProfile,
  at: Date,
  eventId: string | null = null,
): IngestItem {
  if (!sender.waId && !sender.bsuid) throw new Error("message has neither wa_id nor user_id");
  return {
    projectId: number.projectId,
    numberId: number.id,
    wamid: msg.id,
    type: msg.type,
    content: msg,
    replyTo: msg.context?.id ?? null,
    // UTC wall-clock, like every timestamp Prisma stores.
    sentAt: at.toISOString(),
    waId: sender.waId ?? null,
    bsuid: sender.bsuid ?? null,
    profileName: sender.profileName ?? null,
    countsUnread: !NOT_UNREAD.has(msg.type),
    eventId,
  };
}

/** Stores one inbound message once, however often Meta delivers it. Returns false for a repeat. */
export async function storeInboundMessage(
  number: NumberWithSecrets,
  msg: InboundMessage,
  sender: SenderProfile,
  at: Date,
  eventId: string | null = null,
): Promise<boolean> {
  return storeItem(ingestItem(number, msg, sender, at, eventId));
}

export async function storeItem(i: IngestItem): Promise<boolean> {
  const run = () =>
    dbInfra().sql.query<{ id: string | null }>(
      `SELECT sb_ingest_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS id`,
      [
        i.projectId,
        i.numberId,
        i.wamid,
        i.type,
        JSON.stringify(i.content),
        i.replyTo,
        i.sentAt,
        i.waId,
        i.bsuid,
        i.profileName,
        i.countsUnread,
        i.eventId,
      ],
    );
  try {
    return !!(await run())[0]?.id;
  } catch (e) {
    // 23505: a concurrent delivery of the same message, or a concurrent first message from the same
    // contact, won the race; once more sees its rows.
    if ((e as { code?: string }).code === "23505") return !!(await run())[0]?.id;
    throw e;
  }
}

/** Stores many at once, all or nothing. */
export async function storeBatch(items: IngestItem[]): Promise<void> {
  await dbInfra().sql.query(`SELECT sb_ingest_batch($1::jsonb)`, [JSON.stringify(items)]);
}

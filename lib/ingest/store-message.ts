import { dbInfra } from "@/lib/db/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import type { InboundMessage } from "./envelope";

// The ingest hot path: one round trip per message to sb_ingest_message (see its migration for why
// and for the rules it keeps: project scope, idempotency on wamid, one open conversation per contact,
// events in the same transaction).

const NOT_UNREAD = new Set(["reaction", "system"]);

export interface SenderProfile {
  waId?: string;
  bsuid?: string;
  profileName?: string;
}

/** Stores one inbound message once, however often Meta delivers it. Returns false for a repeat. */
export async function storeInboundMessage(
  number: NumberWithSecrets,
  msg: InboundMessage,
  sender: SenderProfile,
  at: Date,
  /** The webhook event that carried only this message: marked processed in the same transaction. */
  eventId: string | null = null,
): Promise<boolean> {
  if (!sender.waId && !sender.bsuid) throw new Error("message has neither wa_id nor user_id");
  const run = () =>
    dbInfra().sql.query<{ id: string | null }>(
      `SELECT sb_ingest_message($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS id`,
      [
        number.projectId,
        number.id,
        msg.id,
        msg.type,
        JSON.stringify(msg),
        msg.context?.id ?? null,
        at.toISOString(),
        sender.waId ?? null,
        sender.bsuid ?? null,
        sender.profileName ?? null,
        !NOT_UNREAD.has(msg.type),
        eventId,
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

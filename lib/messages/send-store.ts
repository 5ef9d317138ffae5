import "@/lib/server-only";
import type { MessageOrigin } from "@/generated/prisma/enums";
import { dbInfra } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import type { PendingSend } from "./mutations";

// The send reservation's hot path: one round trip to sb_reserve_send (see its migration for why and for
// the rules it keeps) for sends that need no 24-hour-window check: templates, the Meta proxy (Meta
// itself refuses outside the window, by status), broadcasts.

export async function reserveSendInOneTrip(
  number: Pick<NumberWithSecrets, "id" | "projectId">,
  input: { to: string; type: string; body: Record<string, unknown>; origin: MessageOrigin },
): Promise<PendingSend> {
  const isBsuid = /^[A-Z]{2}\./.test(input.to);
  const replyTo = (input.body.context as { message_id?: unknown } | undefined)?.message_id;
  const run = () =>
    dbInfra().sql.query<{ message_id: string; conversation_id: string }>(
      "SELECT message_id, conversation_id FROM sb_reserve_send($1, $2, $3, $4, $5, $6, $7, $8)",
      [
        number.projectId,
        number.id,
        isBsuid ? null : input.to,
        isBsuid ? input.to : null,
        input.type,
        JSON.stringify(input.body),
        typeof replyTo === "string" ? replyTo : null,
        input.origin,
      ],
    );
  let rows: { message_id: string; conversation_id: string }[];
  try {
    try {
      rows = await run();
    } catch (e) {
      // A concurrent first send to the same contact created the contact or conversation first: once
      // more finds them. The one-in-flight index is not a race to retry: it is the 409 below.
      if (!isUniqueViolation(e) || inFlight(e)) throw e;
      rows = await run();
    }
  } catch (e) {
    if (isUniqueViolation(e) && inFlight(e))
      throw new AppError(
        "conflict",
        "Another message to this customer is still being sent. Retry in a moment.",
        {
          status: 409,
        },
      );
    throw e;
  }
  const row = rows[0];
  if (!row) throw new Error("sb_reserve_send returned no row");
  return { messageId: row.message_id, conversationId: row.conversation_id };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "23505";
const inFlight = (e: unknown) => {
  const err = e as { constraint?: string; message?: string; detail?: string };
  return (
    err.constraint === "Message_one_in_flight" ||
    /Message_one_in_flight/.test(`${err.message ?? ""} ${err.detail ?? ""}`)
  );
};

/**
 * Graph accepted the send: its wamid, in one statement that also says whether statuses for it raced
 * ahead (arrived before the wamid was known and wait in the backlog). Only then does the caller need
 * the backlog's transaction (mutations.ts recordSent).
 */
export async function setWamid(
  number: Pick<NumberWithSecrets, "projectId">,
  messageId: string,
  wamid: string,
): Promise<{ backlog: boolean }> {
  const rows = await dbInfra().sql.query<{ backlog: boolean }>(
    `WITH u AS (UPDATE "Message" SET wamid = $2, "updatedAt" = (now() AT TIME ZONE 'UTC') WHERE id = $1 RETURNING id)
     SELECT EXISTS (SELECT 1 FROM "MessageStatusBacklog" WHERE wamid = $2 AND "projectId" = $3) AS backlog
     FROM u`,
    [messageId, wamid, number.projectId],
  );
  if (!rows[0]) throw new Error(`message ${messageId} to record ${wamid} on is gone`);
  return { backlog: rows[0].backlog };
}

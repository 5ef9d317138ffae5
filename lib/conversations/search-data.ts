import "@/lib/server-only";
import { Prisma } from "@/generated/prisma/client";
import type { ConversationStatus } from "@/generated/prisma/enums";
import type { InboxAccess } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { searchQuery } from "./search";

// The inbox search's SQL (full-text over contacts and messages) and the ad referral headlines.

/** The list's page size (searchPageIds returns one more, to tell whether another page follows). */
export const PAGE = 30;
/** Below this many matching conversations a word counts as rare (see searchPageIds). */
const RARE = 500;

/**
 * One page (PAGE + 1 ids, newest first) of the conversations in scope that pass the filters and whose
 * contact (name, number) or any message text matches. Keyset-paged in SQL like the plain list, so the
 * scan stops at the page instead of collecting every match first.
 */
export async function searchPageIds(
  access: InboxAccess,
  f: { status?: ConversationStatus; numberId?: string; assignee: string | null | undefined },
  q: string,
  after: { t: Date; id: string } | null,
): Promise<string[]> {
  const s = searchQuery(q);
  if (!s) return [];
  const projectId = access.projectId;
  // Contacts match by name or by any fragment of their number (suffix words, see the migration
  // *_conversation_search); conversations match by the words of their messages, digits included
  // ("4411" finds "order #4411"). sb_fold drops accents on both sides (*_polish_search_fold).
  const query = s.kind === "digits" ? `${s.digits}:*` : s.tsquery;
  const and: Prisma.Sql[] = [Prisma.sql`c."projectId" = ${projectId}`];
  if (access.numberIds) and.push(Prisma.sql`c."phoneNumberId" = ANY(${access.numberIds})`);
  if (access.assigneeId) and.push(Prisma.sql`c."assigneeId" = ${access.assigneeId}`);
  if (f.status) and.push(Prisma.sql`c.status = ${f.status}::"ConversationStatus"`);
  if (f.numberId) and.push(Prisma.sql`c."phoneNumberId" = ${f.numberId}`);
  const assignee = f.assignee;
  if (assignee === null) and.push(Prisma.sql`c."assigneeId" IS NULL`);
  else if (assignee !== undefined) and.push(Prisma.sql`c."assigneeId" = ${assignee}`);
  if (after) and.push(Prisma.sql`(c."lastMessageAt", c.id) < (${after.t}, ${after.id})`);
  const where = Prisma.join(and, " AND ");
  // Two index-driven halves, each cut to a page, merged: the planner can use the best index for each
  // instead of walking the whole list checking both conditions. PostgreSQL has no statistics for prefix
  // queries, so it cannot tell a rare word (read the few matches from the GIN index, then sort) from a
  // common one (walk the list newest first until a page matches). A capped count from the index tells
  // them apart for it.
  const [probe] = await db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM "Conversation" WHERE "projectId" = ${projectId}
        AND "searchVector" @@ to_tsquery('simple', sb_fold(${query})) LIMIT ${RARE}) x`;
  const match =
    (probe?.n ?? 0) < RARE
      ? Prisma.sql`c.id = ANY(ARRAY(SELECT id FROM "Conversation" WHERE "projectId" = ${projectId}
          AND "searchVector" @@ to_tsquery('simple', sb_fold(${query}))))`
      : Prisma.sql`c."searchVector" @@ to_tsquery('simple', sb_fold(${query}))`;
  const byMessages = Prisma.sql`UNION
    (SELECT c.id, c."lastMessageAt" FROM "Conversation" c WHERE ${where} AND ${match}
     ORDER BY c."lastMessageAt" DESC, c.id DESC LIMIT ${PAGE + 1})`;
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      (SELECT c.id, c."lastMessageAt" FROM "Conversation" c
       WHERE ${where} AND c."contactId" = ANY(ARRAY(
         SELECT k.id FROM "Contact" k
         WHERE k."projectId" = ${projectId} AND k."searchVector" @@ to_tsquery('simple', sb_fold(${query}))))
       ORDER BY c."lastMessageAt" DESC, c.id DESC LIMIT ${PAGE + 1})
      ${byMessages}
    ) u
    ORDER BY "lastMessageAt" DESC, id DESC
    LIMIT ${PAGE + 1}`;
  return rows.map((r) => r.id);
}

/** Headlines of the click-to-WhatsApp ads that started these conversations. */
export async function referrals(
  ids: string[],
  client: Pick<Prisma.TransactionClient, "$queryRaw"> = db(),
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await client.$queryRaw<{ conversationId: string; headline: string | null }[]>`
    SELECT DISTINCT ON ("conversationId") "conversationId",
      COALESCE(content #>> '{referral,headline}', content #>> '{referral,source_type}', 'ad') AS headline
    FROM "Message"
    WHERE "conversationId" = ANY(${ids}) AND direction = 'INBOUND' AND content ? 'referral'
    ORDER BY "conversationId", "sentAt"`;
  return new Map(rows.map((r) => [r.conversationId, r.headline ?? "ad"]));
}

import { Prisma } from "@/generated/prisma/client";
import type { ConversationStatus, MessageDirection, MessageStatus } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { windowClosesAt } from "@/lib/messages/window";
import { conversationScope, type InboxAccess, personName } from "./access";
import { searchQuery } from "./search";

export interface ConversationListItem {
  id: string;
  status: ConversationStatus;
  contactName: string | null;
  contactNumber: string | null;
  numberId: string;
  numberDisplay: string;
  unreadCount: number;
  lastMessageAt: string;
  windowClosesAt: string | null;
  assignee: { id: string; name: string } | null;
  /** Headline of the click-to-WhatsApp ad the conversation came from, if any. */
  referral: string | null;
  /** Filled by the workflow engine once it runs executions; null means no execution. */
  workflowStatus: WorkflowStatus | null;
  lastMessage: { type: string; direction: MessageDirection; content: Record<string, unknown> } | null;
}

export type WorkflowStatus = "running" | "waiting" | "handoff" | "failed";

export interface ConversationPage {
  items: ConversationListItem[];
  nextCursor: string | null;
}

export interface InboxFilters {
  status?: ConversationStatus;
  /** "me", "unassigned" or a user id. */
  assignee?: string;
  numberId?: string;
  q?: string;
  cursor?: string | null;
}

const PAGE = 30;
/** Below this many matching conversations a word counts as rare (see searchPageIds). */
const RARE = 500;

const conversationSelect = {
  id: true,
  status: true,
  unreadCount: true,
  lastMessageAt: true,
  lastInboundAt: true,
  phoneNumberId: true,
  contact: { select: { profileName: true, waId: true, bsuid: true } },
  phoneNumber: { select: { displayPhoneNumber: true } },
  assignee: { select: { id: true, name: true, email: true } },
} satisfies Prisma.ConversationSelect;

type ConversationRow = Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>;

function toListItem(
  access: InboxAccess,
  c: ConversationRow,
  last: { type: string; direction: MessageDirection; content: unknown } | undefined,
  referral: string | null,
): ConversationListItem {
  return {
    id: c.id,
    status: c.status,
    contactName: c.contact.profileName,
    contactNumber: c.contact.waId ?? c.contact.bsuid,
    numberId: c.phoneNumberId,
    numberDisplay: c.phoneNumber.displayPhoneNumber,
    unreadCount: c.unreadCount,
    lastMessageAt: c.lastMessageAt.toISOString(),
    windowClosesAt: windowClosesAt(c.lastInboundAt)?.toISOString() ?? null,
    assignee: c.assignee ? { id: c.assignee.id, name: personName(access, c.assignee) } : null,
    referral,
    workflowStatus: null,
    lastMessage: last ? { ...last, content: last.content as Record<string, unknown> } : null,
  };
}

function parseCursor(cursor: string | null | undefined): { t: Date; id: string } | null {
  if (!cursor) return null;
  const i = cursor.indexOf("_");
  const t = new Date(Number(cursor.slice(0, i)));
  const id = cursor.slice(i + 1);
  if (i < 1 || Number.isNaN(t.getTime()) || !id) {
    throw new AppError("validation", "cursor is not valid; start again from the first page", {
      fields: { cursor: "Invalid" },
    });
  }
  return { t, id };
}

/** The user id an `assignee` filter means, null for "unassigned", undefined for no filter. */
function assigneeFilter(access: InboxAccess, f: InboxFilters): string | null | undefined {
  if (!f.assignee) return undefined;
  if (f.assignee === "unassigned") return null;
  if (f.assignee === "me") {
    if (access.actor.kind !== "user")
      throw new AppError("validation", "assignee=me needs a signed-in user", {
        fields: { assignee: "Invalid" },
      });
    return access.actor.userId;
  }
  return f.assignee;
}

/** The filter for one list request: the access scope first, then what the user chose. */
function listWhere(access: InboxAccess, f: InboxFilters): Prisma.ConversationWhereInput {
  const and: Prisma.ConversationWhereInput[] = [conversationScope(access)];
  if (f.status) and.push({ status: f.status });
  if (f.numberId) and.push({ phoneNumberId: f.numberId });
  const assignee = assigneeFilter(access, f);
  if (assignee !== undefined) and.push({ assigneeId: assignee });
  return { AND: and };
}

/**
 * One page (PAGE + 1 ids, newest first) of the conversations in scope that pass the filters and whose
 * contact (name, number) or any message text matches. Keyset-paged in SQL like the plain list, so the
 * scan stops at the page instead of collecting every match first.
 */
async function searchPageIds(
  access: InboxAccess,
  f: InboxFilters,
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
  const assignee = assigneeFilter(access, f);
  if (assignee === null) and.push(Prisma.sql`c."assigneeId" IS NULL`);
  else if (assignee !== undefined) and.push(Prisma.sql`c."assigneeId" = ${assignee}`);
  if (after) and.push(Prisma.sql`(c."lastMessageAt", c.id) < (${after.t}, ${after.id})`);
  const where = Prisma.join(and, " AND ");
  // Two index-driven halves, each cut to a page, merged: the planner can use the best index for each
  // instead of walking the whole list checking both conditions. PostgreSQL has no statistics for prefix queries, so it cannot tell a rare word (read the few
  // matches from the GIN index, then sort) from a common one (walk the list newest first until a page
  // matches). A capped count from the index tells them apart for it.
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
async function referrals(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db().$queryRaw<{ conversationId: string; headline: string | null }[]>`
    SELECT DISTINCT ON ("conversationId") "conversationId",
      COALESCE(content #>> '{referral,headline}', content #>> '{referral,source_type}', 'ad') AS headline
    FROM "Message"
    WHERE "conversationId" = ANY(${ids}) AND direction = 'INBOUND' AND content ? 'referral'
    ORDER BY "conversationId", "sentAt"`;
  return new Map(rows.map((r) => [r.conversationId, r.headline ?? "ad"]));
}

/** Conversations by last activity, newest first, keyset-paged, within the caller's scope. */
export async function listInbox(access: InboxAccess, f: InboxFilters): Promise<ConversationPage> {
  const after = parseCursor(f.cursor);
  const q = f.q?.trim();
  // A search picks the page's ids in SQL (full-text match); the rows are then read like any list page.
  const where: Prisma.ConversationWhereInput = q
    ? { projectId: access.projectId, id: { in: await searchPageIds(access, f, q, after) } }
    : after
      ? {
          AND: [
            listWhere(access, f),
            { OR: [{ lastMessageAt: { lt: after.t } }, { lastMessageAt: after.t, id: { lt: after.id } }] },
          ],
        }
      : listWhere(access, f);
  const rows = await db().conversation.findMany({
    where,
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      ...conversationSelect,
      messages: {
        orderBy: [{ sentAt: "desc" }, { seq: "desc" }],
        take: 1,
        select: { type: true, direction: true, content: true },
      },
    },
  });
  const page = rows.slice(0, PAGE);
  const refs = await referrals(page.map((c) => c.id));
  const last = page.at(-1);
  return {
    items: page.map(({ messages, ...c }) => toListItem(access, c, messages[0], refs.get(c.id) ?? null)),
    nextCursor: rows.length > PAGE && last ? `${last.lastMessageAt.getTime()}_${last.id}` : null,
  };
}

/** A thread cursor: the oldest shown message's provider time and arrival number. */
function parseThreadCursor(cursor: string | null | undefined): { t: Date; seq: bigint } | null {
  const c = parseCursor(cursor);
  if (!c) return null;
  if (!/^\d{1,19}$/.test(c.id))
    throw new AppError("validation", "before is not valid; load the thread again", {
      fields: { before: "Invalid" },
    });
  return { t: c.t, seq: BigInt(c.id) };
}

/** One conversation as the list shows it, or 404 outside the caller's scope. */
export async function getConversationItem(
  access: InboxAccess,
  conversationId: string,
): Promise<ConversationListItem> {
  const c = await db().conversation.findFirst({
    where: { AND: [conversationScope(access), { id: conversationId }] },
    select: conversationSelect,
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  const refs = await referrals([c.id]);
  return toListItem(access, c, undefined, refs.get(c.id) ?? null);
}

export interface ThreadMessage {
  id: string;
  wamid: string | null;
  direction: MessageDirection;
  type: string;
  content: Record<string, unknown>;
  status: MessageStatus;
  error: Record<string, unknown> | null;
  origin: string;
  sentAt: string;
}

export interface Thread {
  conversation: ConversationListItem;
  messages: ThreadMessage[];
  /** Pass as `before` to load the page of older messages; null at the start of the conversation. */
  olderCursor: string | null;
}

const THREAD_PAGE = 50;

/** A page of a conversation's messages (oldest first), newest page unless `before` is given. */
export async function getThread(
  access: InboxAccess,
  conversationId: string,
  opts: { before?: string | null; limit?: number } = {},
): Promise<Thread> {
  const conversation = await getConversationItem(access, conversationId);
  const before = parseThreadCursor(opts.before);
  const limit = Math.min(opts.limit ?? THREAD_PAGE, 200);
  const rows = await db().message.findMany({
    where: {
      projectId: access.projectId,
      conversationId,
      ...(before
        ? { OR: [{ sentAt: { lt: before.t } }, { sentAt: before.t, seq: { lt: before.seq } }] }
        : {}),
    },
    // The provider's timestamp, then arrival: Meta's timestamps are whole seconds.
    orderBy: [{ sentAt: "desc" }, { seq: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      wamid: true,
      direction: true,
      type: true,
      content: true,
      status: true,
      error: true,
      origin: true,
      sentAt: true,
      seq: true,
    },
  });
  const page = rows.slice(0, limit);
  const oldest = page.at(-1);
  return {
    conversation,
    olderCursor: rows.length > limit && oldest ? `${oldest.sentAt.getTime()}_${oldest.seq}` : null,
    messages: page.reverse().map(({ seq: _seq, ...m }) => ({
      ...m,
      content: m.content as Record<string, unknown>,
      error: (m.error as Record<string, unknown> | null) ?? null,
      sentAt: m.sentAt.toISOString(),
    })),
  };
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ConversationStatus, MessageDirection, MessageStatus } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Audience, conversationScope, type InboxAccess, personName, type Scope } from "@/lib/auth/scope";
import { inDateRange } from "@/lib/dates";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { windowClosesAt } from "@/lib/messages/window";
import { contactName } from "./contact-name";
import { conversationWhere, messageScope } from "./filters";
import { PAGE, referrals, searchPageIds } from "./search-data";

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

const conversationSelect = {
  id: true,
  status: true,
  unreadCount: true,
  lastMessageAt: true,
  lastInboundAt: true,
  phoneNumberId: true,
  contact: { select: { profileName: true, displayName: true, waId: true, bsuid: true } },
  phoneNumber: { select: { displayPhoneNumber: true } },
  assignee: { select: { id: true, name: true, email: true } },
} satisfies Prisma.ConversationSelect;

/** A list item's row: the conversation and its newest message (the list's preview). */
const itemSelect = {
  ...conversationSelect,
  messages: {
    orderBy: [{ sentAt: "desc" }, { seq: "desc" }],
    take: 1,
    select: { type: true, direction: true, content: true },
  },
  // The newest execution the customer's messages go to (the workflow engine's): its status shows.
  workflowExecutions: {
    where: { observer: false, parentExecutionId: null },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: 1,
    select: { status: true },
  },
} satisfies Prisma.ConversationSelect;

const LIST_WORKFLOW_STATUS: Record<string, WorkflowStatus | null> = {
  RUNNING: "running",
  WAITING: "waiting",
  HANDOFF: "handoff",
  FAILED: "failed",
  ENDED: null,
};

export type ConversationItemRow = Prisma.ConversationGetPayload<{ select: typeof itemSelect }>;

/**
 * The one mapping from a conversation row to what the list shows. The list query, the single-item
 * read, the thread header and the realtime publisher all go through it, so their payloads cannot drift.
 */
export function toListItem(
  audience: Audience,
  { messages, workflowExecutions, ...c }: ConversationItemRow,
  referral: string | null,
): ConversationListItem {
  const last = messages[0];
  return {
    id: c.id,
    status: c.status,
    contactName: contactName(c.contact),
    contactNumber: c.contact.waId ?? c.contact.bsuid,
    numberId: c.phoneNumberId,
    numberDisplay: c.phoneNumber.displayPhoneNumber,
    unreadCount: c.unreadCount,
    lastMessageAt: c.lastMessageAt.toISOString(),
    windowClosesAt: windowClosesAt(c.lastInboundAt)?.toISOString() ?? null,
    assignee: c.assignee ? { id: c.assignee.id, name: personName(audience, c.assignee) } : null,
    referral,
    workflowStatus: LIST_WORKFLOW_STATUS[workflowExecutions[0]?.status ?? "ENDED"] ?? null,
    lastMessage: last ? { ...last, content: last.content as Record<string, unknown> } : null,
  };
}

type Reader = Prisma.TransactionClient;

/**
 * Conversation rows by id (no scope check: callers pass ids they have already scoped, or filter the
 * rows by project themselves), with their referral headlines. A fixed number of queries for any number
 * of ids, so the realtime publisher reads a whole dispatch batch at once.
 */
export async function readConversationItems(
  client: Reader,
  ids: string[],
): Promise<{
  rows: (ConversationItemRow & { projectId: string; assigneeId: string | null })[];
  referrals: Map<string, string>;
}> {
  if (ids.length === 0) return { rows: [], referrals: new Map() };
  const rows = await client.conversation.findMany({
    where: { id: { in: ids } },
    select: { ...itemSelect, projectId: true, assigneeId: true },
  });
  return {
    rows,
    referrals: await referrals(
      rows.map((r) => r.id),
      client,
    ),
  };
}

function parseCursor(cursor: string | null | undefined): { t: Date; id: string } | null {
  if (!cursor) return null;
  const i = cursor.indexOf("_");
  const t = new Date(Number(cursor.slice(0, i)));
  const id = cursor.slice(i + 1);
  if (i < 1 || !inDateRange(t) || !id) {
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
  return conversationWhere(access, {
    status: f.status,
    numberId: f.numberId,
    assigneeId: assigneeFilter(access, f),
  });
}

/** Conversations by last activity, newest first, keyset-paged, within the caller's scope. */
export async function listInbox(access: InboxAccess, f: InboxFilters): Promise<ConversationPage> {
  const after = parseCursor(f.cursor);
  const q = f.q?.trim();
  // A search picks the page's ids in SQL (full-text match); the rows are then read like any list page.
  const where: Prisma.ConversationWhereInput = q
    ? {
        projectId: access.projectId,
        id: {
          in: await searchPageIds(
            access,
            { status: f.status, numberId: f.numberId, assignee: assigneeFilter(access, f) },
            q,
            after,
          ),
        },
      }
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
    select: itemSelect,
  });
  const page = rows.slice(0, PAGE);
  const refs = await referrals(page.map((c) => c.id));
  const last = page.at(-1);
  return {
    items: page.map((c) => toListItem(access, c, refs.get(c.id) ?? null)),
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

/** One conversation exactly as the list shows it (with its last message), or 404 outside the caller's scope. */
export async function getConversationItem(
  access: InboxAccess,
  conversationId: string,
): Promise<ConversationListItem> {
  const c = await db().conversation.findFirst({
    where: { AND: [conversationScope(access), { id: conversationId }] },
    select: itemSelect,
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  const refs = await referrals([c.id]);
  return toListItem(access, c, refs.get(c.id) ?? null);
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

const messageSelect = {
  id: true,
  wamid: true,
  direction: true,
  type: true,
  content: true,
  status: true,
  error: true,
  origin: true,
  sentAt: true,
} satisfies Prisma.MessageSelect;

/** The one mapping from a message row to what the thread shows (the thread query and realtime use it). */
export function toThreadMessage(
  m: Prisma.MessageGetPayload<{ select: typeof messageSelect }>,
): ThreadMessage {
  return {
    ...m,
    content: m.content as Record<string, unknown>,
    error: (m.error as Record<string, unknown> | null) ?? null,
    sentAt: m.sentAt.toISOString(),
  };
}

/** Messages by id as the thread shows them, with where they belong (for the realtime publisher). */
export async function readThreadMessages(
  client: Reader,
  ids: string[],
): Promise<Map<string, ThreadMessage & { projectId: string; conversationId: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await client.message.findMany({
    where: { id: { in: ids } },
    select: { ...messageSelect, projectId: true, conversationId: true },
  });
  return new Map(
    rows.map(({ projectId, conversationId, ...m }) => [
      m.id,
      { ...toThreadMessage(m), projectId, conversationId },
    ]),
  );
}

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
      ...messageScope(access),
      conversationId,
      ...(before
        ? { OR: [{ sentAt: { lt: before.t } }, { sentAt: before.t, seq: { lt: before.seq } }] }
        : {}),
    },
    // The provider's timestamp, then arrival: Meta's timestamps are whole seconds.
    orderBy: [{ sentAt: "desc" }, { seq: "desc" }],
    take: limit + 1,
    select: { ...messageSelect, seq: true },
  });
  const page = rows.slice(0, limit);
  const oldest = page.at(-1);
  return {
    conversation,
    olderCursor: rows.length > limit && oldest ? `${oldest.sentAt.getTime()}_${oldest.seq}` : null,
    messages: page.reverse().map(({ seq: _seq, ...m }) => toThreadMessage(m)),
  };
}

export async function countConversations(projectId: ProjectId): Promise<{ active: number; total: number }> {
  const [active, total] = await Promise.all([
    db().conversation.count({ where: { projectId, status: "ACTIVE" } }),
    db().conversation.count({ where: { projectId } }),
  ]);
  return { active, total };
}

/** A conversation inside the caller's scope, with what sending needs; 404 otherwise. */
export async function conversationFor(scope: Scope, conversationId: string) {
  const c = await db().conversation.findFirst({
    where: { AND: [conversationScope(scope), { id: conversationId }] },
    select: {
      id: true,
      status: true,
      phoneNumberId: true,
      contactId: true,
      contact: { select: { waId: true, bsuid: true } },
    },
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  return c;
}

/**
 * When the customer last wrote to this number, in any of their conversations: the 24-hour window
 * belongs to the customer and number, not to one conversation.
 */
export async function lastInboundAt(phoneNumberId: string, contactId: string): Promise<Date | null> {
  const last = await db().conversation.aggregate({
    where: { phoneNumberId, contactId },
    _max: { lastInboundAt: true },
  });
  return last._max.lastInboundAt;
}

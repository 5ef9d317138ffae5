import type { Prisma } from "@/generated/prisma/client";
import type { ConversationStatus, MessageDirection, MessageStatus } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { windowClosesAt } from "@/lib/messages/window";

export interface ConversationListItem {
  id: string;
  status: ConversationStatus;
  contactName: string | null;
  contactNumber: string | null;
  numberDisplay: string;
  unreadCount: number;
  lastMessageAt: string;
  windowClosesAt: string | null;
  lastMessage: { type: string; direction: MessageDirection; content: Record<string, unknown> } | null;
}

export interface ConversationPage {
  items: ConversationListItem[];
  nextCursor: string | null;
}

const PAGE = 30;

const conversationSelect = {
  id: true,
  status: true,
  unreadCount: true,
  lastMessageAt: true,
  lastInboundAt: true,
  contact: { select: { profileName: true, waId: true, bsuid: true } },
  phoneNumber: { select: { displayPhoneNumber: true } },
} satisfies Prisma.ConversationSelect;

function toListItem(
  c: Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>,
  last: { type: string; direction: MessageDirection; content: unknown } | undefined,
): ConversationListItem {
  return {
    id: c.id,
    status: c.status,
    contactName: c.contact.profileName,
    contactNumber: c.contact.waId ?? c.contact.bsuid,
    numberDisplay: c.phoneNumber.displayPhoneNumber,
    unreadCount: c.unreadCount,
    lastMessageAt: c.lastMessageAt.toISOString(),
    windowClosesAt: windowClosesAt(c.lastInboundAt)?.toISOString() ?? null,
    lastMessage: last ? { ...last, content: last.content as Record<string, unknown> } : null,
  };
}

/** Conversations by last activity, newest first, keyset-paged. */
export async function listInbox(
  projectId: ProjectId,
  opts: { status?: ConversationStatus; cursor?: string | null },
): Promise<ConversationPage> {
  const [t, id] = opts.cursor ? opts.cursor.split("_") : [];
  const when = t ? new Date(Number(t)) : null;
  if (opts.cursor && (!when || Number.isNaN(when.getTime()) || !id)) {
    throw new AppError("validation", "cursor is not valid; start again from the first page", {
      fields: { cursor: "Invalid" },
    });
  }
  const after = when && id ? { t: when, id } : null;
  const rows = await db().conversation.findMany({
    where: {
      projectId,
      ...(opts.status ? { status: opts.status } : {}),
      ...(after
        ? { OR: [{ lastMessageAt: { lt: after.t } }, { lastMessageAt: after.t, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      ...conversationSelect,
      messages: {
        orderBy: [{ sentAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { type: true, direction: true, content: true },
      },
    },
  });
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    items: page.map(({ messages, ...c }) => toListItem(c, messages[0])),
    nextCursor: rows.length > PAGE && last ? `${last.lastMessageAt.getTime()}_${last.id}` : null,
  };
}

export interface ThreadMessage {
  id: string;
  wamid: string | null;
  direction: MessageDirection;
  type: string;
  content: Record<string, unknown>;
  status: MessageStatus;
  error: Record<string, unknown> | null;
  sentAt: string;
}

export interface Thread {
  conversation: ConversationListItem;
  messages: ThreadMessage[];
}

/** The latest messages of a conversation (oldest first), or 404 for another project's conversation. */
export async function getThread(projectId: ProjectId, conversationId: string, limit = 100): Promise<Thread> {
  const c = await db().conversation.findFirst({
    where: { id: conversationId, projectId },
    select: conversationSelect,
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  const rows = await db().message.findMany({
    where: { projectId, conversationId },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      wamid: true,
      direction: true,
      type: true,
      content: true,
      status: true,
      error: true,
      sentAt: true,
    },
  });
  return {
    conversation: toListItem(c, undefined),
    messages: rows.reverse().map((m) => ({
      ...m,
      content: m.content as Record<string, unknown>,
      error: (m.error as Record<string, unknown> | null) ?? null,
      sentAt: m.sentAt.toISOString(),
    })),
  };
}

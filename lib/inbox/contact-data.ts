import type { ConversationStatus, MessageDirection } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { conversationScope, type InboxAccess, personName } from "./access";

// Reads beside the thread: the contact panel and the pickers' lists (team members, numbers).

export interface ContactPanel {
  name: string | null;
  waId: string | null;
  bsuid: string | null;
  customer: string | null;
  messages: { inbound: number; outbound: number };
  conversations: { id: string; status: ConversationStatus; createdAt: string; lastMessageAt: string }[];
  assignments: {
    id: string;
    user: string;
    assignedBy: string | null;
    note: string | null;
    active: boolean;
    createdAt: string;
    endedAt: string | null;
  }[];
}

/** What the contact panel shows beside a thread: who this is, their history, and who handled it. */
export async function getContactPanel(access: InboxAccess, conversationId: string): Promise<ContactPanel> {
  const c = await db().conversation.findFirst({
    where: { AND: [conversationScope(access), { id: conversationId }] },
    select: {
      contactId: true,
      contact: { select: { profileName: true, waId: true, bsuid: true } },
      phoneNumber: { select: { customer: { select: { name: true } } } },
    },
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  const [counts, conversations, assignments] = await Promise.all([
    db().message.groupBy({
      by: ["direction"],
      where: {
        projectId: access.projectId,
        conversation: { contactId: c.contactId, ...conversationScope(access) },
      },
      _count: { _all: true },
    }),
    db().conversation.findMany({
      where: { AND: [conversationScope(access), { contactId: c.contactId }] },
      orderBy: { lastMessageAt: "desc" },
      take: 20,
      select: { id: true, status: true, createdAt: true, lastMessageAt: true },
    }),
    db().conversationAssignment.findMany({
      where: { projectId: access.projectId, conversationId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: {
        id: true,
        note: true,
        active: true,
        createdAt: true,
        endedAt: true,
        user: { select: { name: true, email: true } },
        assignedById: true,
      },
    }),
  ]);
  const byIds = [...new Set(assignments.map((a) => a.assignedById).filter((x): x is string => !!x))];
  const assigners = new Map(
    (
      await db().user.findMany({
        where: { id: { in: byIds } },
        select: { id: true, name: true, email: true },
      })
    ).map((u) => [u.id, personName(access, u)]),
  );
  const count = (d: MessageDirection) => counts.find((x) => x.direction === d)?._count._all ?? 0;
  return {
    name: c.contact.profileName,
    waId: c.contact.waId,
    bsuid: c.contact.bsuid,
    customer: c.phoneNumber.customer?.name ?? null,
    messages: { inbound: count("INBOUND"), outbound: count("OUTBOUND") },
    conversations: conversations.map((x) => ({
      id: x.id,
      status: x.status,
      createdAt: x.createdAt.toISOString(),
      lastMessageAt: x.lastMessageAt.toISOString(),
    })),
    assignments: assignments.map((a) => ({
      id: a.id,
      user: personName(access, a.user),
      assignedBy: a.assignedById ? (assigners.get(a.assignedById) ?? null) : null,
      note: a.note,
      active: a.active,
      createdAt: a.createdAt.toISOString(),
      endedAt: a.endedAt?.toISOString() ?? null,
    })),
  };
}

/** Project members an inbox user may assign conversations to. */
export async function listAssignees(
  access: InboxAccess,
): Promise<{ id: string; name: string; email: string }[]> {
  const rows = await db().membership.findMany({
    where: { projectId: access.projectId },
    orderBy: { user: { email: "asc" } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  const embedded = access.actor.kind === "embed";
  return rows.map((r) => ({
    id: r.user.id,
    name: personName(access, r.user),
    // The team's addresses stay inside the team.
    email: embedded ? "" : r.user.email,
  }));
}

/** Phone numbers visible in this scope, for the list's number filter. */
export async function listInboxNumbers(
  access: InboxAccess,
): Promise<{ id: string; display: string; name: string }[]> {
  const rows = await db().phoneNumber.findMany({
    where: { projectId: access.projectId, ...(access.numberIds ? { id: { in: access.numberIds } } : {}) },
    orderBy: { createdAt: "asc" },
    select: { id: true, displayPhoneNumber: true, verifiedName: true },
  });
  return rows.map((n) => ({ id: n.id, display: n.displayPhoneNumber, name: n.verifiedName }));
}

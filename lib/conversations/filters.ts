import type { Prisma } from "@/generated/prisma/client";
import type { ConversationStatus } from "@/generated/prisma/enums";
import { conversationScope, type InboxAccess } from "@/lib/auth/scope";

// The one conversation filter: the caller's scope first (project, an embed's numbers, an assignee),
// then what the caller chose. The inbox, the embed, the Meta proxy's Kapso extensions and the Platform
// API all narrow conversations through this, so a scope rule is written once.

export interface ConversationFilters {
  status?: ConversationStatus;
  /** Our PhoneNumber id. */
  numberId?: string;
  /** A user id, or null for unassigned conversations. */
  assigneeId?: string | null;
  /** The customer's phone number, digits only. */
  contactWaId?: string;
  activeSince?: Date;
  activeUntil?: Date;
}

export function conversationWhere(
  access: InboxAccess,
  f: ConversationFilters,
): Prisma.ConversationWhereInput & { AND: Prisma.ConversationWhereInput[] } {
  const and: Prisma.ConversationWhereInput[] = [conversationScope(access)];
  if (f.status) and.push({ status: f.status });
  if (f.numberId) and.push({ phoneNumberId: f.numberId });
  if (f.assigneeId !== undefined) and.push({ assigneeId: f.assigneeId });
  if (f.contactWaId) and.push({ contact: { waId: f.contactWaId } });
  if (f.activeSince || f.activeUntil)
    and.push({
      lastMessageAt: {
        ...(f.activeSince ? { gte: f.activeSince } : {}),
        ...(f.activeUntil ? { lte: f.activeUntil } : {}),
      },
    });
  return { AND: and };
}

/** Messages the caller may read: the project's, on the numbers and assignments in scope. */
export function messageScope(access: InboxAccess): Prisma.MessageWhereInput {
  return {
    projectId: access.projectId,
    ...(access.numberIds ? { phoneNumberId: { in: access.numberIds } } : {}),
    ...(access.assigneeId ? { conversation: { assigneeId: access.assigneeId } } : {}),
  };
}

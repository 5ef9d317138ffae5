import "@/lib/server-only";
import type { ConversationStatus } from "@/generated/prisma/enums";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, actorUserId, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { conversationFor } from "./data";

/** Ends conversations with no message for CONVERSATION_INACTIVITY_HOURS (run every minute). */
export async function endInactiveConversations(): Promise<number> {
  const before = new Date(Date.now() - env().CONVERSATION_INACTIVITY_HOURS * 3600_000);
  const stale = await db().conversation.findMany({
    where: { status: "ACTIVE", lastMessageAt: { lt: before } },
    select: { id: true, projectId: true, phoneNumberId: true },
    take: 500,
  });
  for (const c of stale) {
    await db().$transaction(async (tx) => {
      const r = await tx.conversation.updateMany({
        where: { id: c.id, status: "ACTIVE" },
        data: { status: "ENDED", endedAt: new Date() },
      });
      if (r.count === 1) {
        await emit(tx, c.projectId, "whatsapp.conversation.ended", {
          conversationId: c.id,
          phoneNumberId: c.phoneNumberId,
          reason: "inactive",
        });
      }
    });
  }
  return stale.length;
}

/**
 * Assigns a conversation to a project member, or unassigns it (userId null). The previous active
 * assignment ends in the same transaction; the database allows only one active assignment.
 */
export async function assignConversation(
  scope: Scope,
  actor: Actor,
  { conversationId, ...input }: { conversationId: string; userId: string | null; note?: string | null },
): Promise<{ assignmentId: string | null }> {
  const conversation = await conversationFor(scope, conversationId);
  if (input.userId) {
    const member = await db().membership.findUnique({
      where: { projectId_userId: { projectId: scope.projectId, userId: input.userId } },
      select: { id: true },
    });
    if (!member)
      throw new AppError("validation", "user_id: only members of this project can be assigned", {
        fields: { userId: "Not a member of this project" },
      });
  }
  const assignedById = actorUserId(actor);
  const result = await db().$transaction(async (tx) => {
    // Serialise assignment changes per conversation so two operators cannot both win.
    await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${conversationId} FOR UPDATE`;
    const current = await tx.conversationAssignment.findFirst({
      where: { conversationId, active: true },
      select: { id: true, userId: true },
    });
    if (current?.userId === input.userId && !input.note)
      return { assignmentId: current?.id ?? null, changed: false };
    if (current)
      await tx.conversationAssignment.update({
        where: { id: current.id },
        data: { active: false, endedAt: new Date() },
      });
    const created = input.userId
      ? await tx.conversationAssignment.create({
          data: {
            projectId: scope.projectId,
            conversationId,
            userId: input.userId,
            assignedById,
            note: input.note?.trim() || null,
          },
          select: { id: true },
        })
      : null;
    if (!created && input.note?.trim() && current) {
      await tx.conversationAssignment.update({
        where: { id: current.id },
        data: { note: input.note.trim() },
      });
    }
    await tx.conversation.update({ where: { id: conversationId }, data: { assigneeId: input.userId } });
    await emit(tx, scope.projectId, "conversation.assigned", {
      conversationId,
      phoneNumberId: conversation.phoneNumberId,
      userId: input.userId,
      previousUserId: current?.userId ?? null,
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: input.userId ? "conversation.assign" : "conversation.unassign",
      targetType: "conversation",
      targetId: conversationId,
      data: {
        userId: input.userId,
        note: input.note ?? null,
        ...(actor.kind === "embed" ? { embedId: actor.embedId } : {}),
      },
    });
    return { assignmentId: created?.id ?? null, changed: true };
  });
  if (result.changed) wakeDispatcher();
  return { assignmentId: result.assignmentId };
}

/** Closes (ENDED) or reopens (ACTIVE) a conversation. */
export async function setConversationStatus(
  scope: Scope,
  actor: Actor,
  { conversationId, status }: { conversationId: string; status: ConversationStatus },
): Promise<void> {
  const c = await conversationFor(scope, conversationId);
  if (c.status === status) return;
  if (status === "ACTIVE") {
    const open = await db().conversation.findFirst({
      where: {
        projectId: scope.projectId,
        phoneNumberId: c.phoneNumberId,
        contactId: c.contactId,
        status: "ACTIVE",
      },
      select: { id: true },
    });
    if (open)
      throw new AppError(
        "conflict",
        "This customer already has an active conversation on this number; continue there instead.",
      );
  }
  await db().$transaction(async (tx) => {
    const r = await tx.conversation.updateMany({
      where: {
        id: conversationId,
        projectId: scope.projectId,
        status: status === "ACTIVE" ? "ENDED" : "ACTIVE",
      },
      data: status === "ENDED" ? { status, endedAt: new Date() } : { status, endedAt: null },
    });
    if (r.count === 0) return;
    await emit(
      tx,
      scope.projectId,
      status === "ENDED" ? "whatsapp.conversation.ended" : "conversation.reopened",
      {
        conversationId,
        phoneNumberId: c.phoneNumberId,
        ...(status === "ENDED" ? { reason: "closed" } : {}),
      },
    );
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: status === "ENDED" ? "conversation.close" : "conversation.reopen",
      targetType: "conversation",
      targetId: conversationId,
      data: actor.kind === "embed" ? { embedId: actor.embedId } : {},
    });
  });
  wakeDispatcher();
}

/**
 * Edits an assignment's note (the Platform API's PATCH .../assignments/{id} with `notes`). A note is no
 * audited change, so the actor is not recorded.
 */
export async function setAssignmentNote(
  scope: Scope,
  _actor: Actor,
  { assignmentId, note }: { assignmentId: string; note: string | null },
): Promise<void> {
  await db().conversationAssignment.updateMany({
    where: { id: assignmentId, projectId: scope.projectId },
    data: { note: note?.trim() || null },
  });
}

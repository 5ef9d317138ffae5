import type { ConversationStatus } from "@/generated/prisma/enums";
import { audit } from "@/lib/audit/mutations";
import { db } from "@/lib/db/client";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { AppError } from "@/lib/http/errors";
import { sendMessage } from "@/lib/messages/send";
import { GraphError, graph } from "@/lib/meta/client";
import { graphAppError } from "@/lib/meta/errors";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";
import { actorUserId, auditActor, conversationScope, type InboxAccess } from "./access";

/** A conversation inside the caller's scope, with what sending needs; 404 otherwise. */
export async function conversationFor(access: InboxAccess, conversationId: string) {
  const c = await db().conversation.findFirst({
    where: { AND: [conversationScope(access), { id: conversationId }] },
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

async function numberOf(access: InboxAccess, phoneNumberId: string): Promise<NumberWithSecrets> {
  const number = await projectNumber(access.projectId, phoneNumberId);
  if (!number) throw new AppError("not_found", "This conversation's number was removed from the project.");
  return number;
}

/** Sends through the shared path (window, in-flight lock, storage) and explains Meta's refusals. */
async function send(access: InboxAccess, conversationId: string, body: Record<string, unknown>) {
  const c = await conversationFor(access, conversationId);
  const number = await numberOf(access, c.phoneNumberId);
  try {
    const r = await sendMessage(number, { to: c.contact.waId ?? c.contact.bsuid, ...body }, "OPERATOR");
    return { messageId: r.messageId, conversationId: r.conversationId };
  } catch (e) {
    if (e instanceof GraphError) throw graphAppError(e.problem);
    throw e;
  }
}

const context = (replyTo?: string) => (replyTo ? { context: { message_id: replyTo } } : {});

/** An operator's text reply. */
export function sendOperatorText(
  access: InboxAccess,
  conversationId: string,
  text: string,
  replyTo?: string,
) {
  return send(access, conversationId, {
    type: "text",
    text: { body: text, preview_url: true },
    ...context(replyTo),
  });
}

/** Reacts to a message of this conversation (an empty emoji removes the reaction). */
export async function reactToMessage(
  access: InboxAccess,
  conversationId: string,
  messageId: string,
  emoji: string,
) {
  const target = await db().message.findFirst({
    where: { id: messageId, conversationId, projectId: access.projectId },
    select: { wamid: true },
  });
  if (!target?.wamid)
    throw new AppError("not_found", "That message cannot be reacted to (it was never delivered).");
  return send(access, conversationId, { type: "reaction", reaction: { message_id: target.wamid, emoji } });
}

export interface TemplateSummary {
  id: string;
  name: string;
  language: string;
  category: string;
  components: Record<string, unknown>[];
}

/** The number's approved templates, as WhatsApp has them now. */
export async function listApprovedTemplates(
  access: InboxAccess,
  conversationId: string,
): Promise<TemplateSummary[]> {
  const c = await conversationFor(access, conversationId);
  const number = await numberOf(access, c.phoneNumberId);
  try {
    const r = await graph<{ data?: Record<string, unknown>[] }>(
      number,
      "GET",
      `${number.wabaId}/message_templates`,
      {
        query: { limit: "200" },
      },
    );
    return (r.data ?? [])
      .filter((t) => t.status === "APPROVED")
      .map((t) => ({
        id: String(t.id),
        name: String(t.name),
        language: String(t.language),
        category: String(t.category ?? ""),
        components: Array.isArray(t.components) ? (t.components as Record<string, unknown>[]) : [],
      }));
  } catch (e) {
    if (e instanceof GraphError) throw graphAppError(e.problem);
    throw e;
  }
}

/** Sends an approved template with its text parameters (header and body `{{n}}` values, in order). */
export async function sendOperatorTemplate(
  access: InboxAccess,
  conversationId: string,
  t: {
    name: string;
    language: string;
    header?: string[];
    body?: string[];
    replyTo?: string;
    /** Graph-shaped components, for callers that build them (named parameters); overrides header/body. */
    components?: Record<string, unknown>[];
  },
) {
  const components: Record<string, unknown>[] = t.components ? [...t.components] : [];
  const params = (values: string[]) => values.map((text) => ({ type: "text", text }));
  if (t.header?.length) components.push({ type: "header", parameters: params(t.header) });
  if (t.body?.length) components.push({ type: "body", parameters: params(t.body) });
  return send(access, conversationId, {
    type: "template",
    template: { name: t.name, language: { code: t.language }, ...(components.length ? { components } : {}) },
    ...context(t.replyTo),
  });
}

/**
 * Opening a conversation clears its unread count and tells the customer their messages were read
 * (best effort: a failed receipt is not the operator's problem).
 */
export async function markConversationRead(access: InboxAccess, conversationId: string): Promise<void> {
  const r = await db().conversation.updateMany({
    where: { AND: [conversationScope(access), { id: conversationId, unreadCount: { gt: 0 } }] },
    data: { unreadCount: 0 },
  });
  if (r.count === 0) return;
  const last = await db().message.findFirst({
    where: { projectId: access.projectId, conversationId, direction: "INBOUND", wamid: { not: null } },
    orderBy: [{ sentAt: "desc" }, { seq: "desc" }],
    select: { wamid: true, phoneNumberId: true },
  });
  if (!last?.wamid) return;
  const number = await projectNumber(access.projectId, last.phoneNumberId);
  if (!number) return;
  await graph(number, "POST", `${number.phoneNumberId}/messages`, {
    body: { messaging_product: "whatsapp", status: "read", message_id: last.wamid },
    attempts: 1,
  }).catch((e: Error) => console.warn(`[inbox] read receipt not sent: ${e.message}`));
}

/**
 * Assigns a conversation to a project member, or unassigns it (userId null). The previous active
 * assignment ends in the same transaction; the database allows only one active assignment.
 */
export async function assignConversation(
  access: InboxAccess,
  conversationId: string,
  input: { userId: string | null; note?: string | null },
): Promise<{ assignmentId: string | null }> {
  const conversation = await conversationFor(access, conversationId);
  if (input.userId) {
    const member = await db().membership.findUnique({
      where: { projectId_userId: { projectId: access.projectId, userId: input.userId } },
      select: { id: true },
    });
    if (!member)
      throw new AppError("validation", "user_id: only members of this project can be assigned", {
        fields: { userId: "Not a member of this project" },
      });
  }
  const actor = actorUserId(access);
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
            projectId: access.projectId,
            conversationId,
            userId: input.userId,
            assignedById: actor,
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
    await emit(tx, access.projectId, "conversation.assigned", {
      conversationId,
      phoneNumberId: conversation.phoneNumberId,
      userId: input.userId,
      previousUserId: current?.userId ?? null,
    });
    await audit(tx, access.projectId, {
      ...auditActor(access),
      action: input.userId ? "conversation.assign" : "conversation.unassign",
      targetType: "conversation",
      targetId: conversationId,
      data: {
        userId: input.userId,
        note: input.note ?? null,
        ...(access.actor.kind === "embed" ? { embedId: access.actor.embedId } : {}),
      },
    });
    return { assignmentId: created?.id ?? null, changed: true };
  });
  if (result.changed) wakeDispatcher();
  return { assignmentId: result.assignmentId };
}

/** Closes (ENDED) or reopens (ACTIVE) a conversation. */
export async function setConversationStatus(
  access: InboxAccess,
  conversationId: string,
  status: ConversationStatus,
): Promise<void> {
  const c = await conversationFor(access, conversationId);
  if (c.status === status) return;
  if (status === "ACTIVE") {
    const open = await db().conversation.findFirst({
      where: {
        projectId: access.projectId,
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
        projectId: access.projectId,
        status: status === "ACTIVE" ? "ENDED" : "ACTIVE",
      },
      data: status === "ENDED" ? { status, endedAt: new Date() } : { status, endedAt: null },
    });
    if (r.count === 0) return;
    await emit(
      tx,
      access.projectId,
      status === "ENDED" ? "whatsapp.conversation.ended" : "conversation.reopened",
      {
        conversationId,
        phoneNumberId: c.phoneNumberId,
        ...(status === "ENDED" ? { reason: "closed" } : {}),
      },
    );
    await audit(tx, access.projectId, {
      ...auditActor(access),
      action: status === "ENDED" ? "conversation.close" : "conversation.reopen",
      targetType: "conversation",
      targetId: conversationId,
      data: access.actor.kind === "embed" ? { embedId: access.actor.embedId } : {},
    });
  });
  wakeDispatcher();
}

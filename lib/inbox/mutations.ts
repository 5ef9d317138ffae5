import "@/lib/server-only";
import { type Actor, conversationScope, type InboxAccess, type Scope } from "@/lib/auth/scope";
import { conversationFor } from "@/lib/conversations/data";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { sendMessage } from "@/lib/messages/send";
import { GraphError, graph } from "@/lib/meta/client";
import { graphAppError } from "@/lib/meta/errors";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";
import { listApprovedTemplates, type TemplateSummary } from "@/lib/templates/data";

async function numberOf(scope: Scope, phoneNumberId: string): Promise<NumberWithSecrets> {
  const number = await projectNumber(scope.projectId, phoneNumberId);
  if (!number) throw new AppError("not_found", "This conversation's number was removed from the project.");
  return number;
}

/** Sends through the shared path (window, in-flight lock, storage) and explains Meta's refusals. */
async function send(scope: Scope, conversationId: string, body: Record<string, unknown>) {
  const c = await conversationFor(scope, conversationId);
  const number = await numberOf(scope, c.phoneNumberId);
  try {
    const r = await sendMessage(number, { to: c.contact.waId ?? c.contact.bsuid, ...body }, "OPERATOR");
    return { messageId: r.messageId, conversationId: r.conversationId };
  } catch (e) {
    if (e instanceof GraphError) throw graphAppError(e.problem);
    throw e;
  }
}

const context = (replyTo?: string) => (replyTo ? { context: { message_id: replyTo } } : {});

/**
 * An operator's text reply. Operator sends are recorded as messages, not audit rows: the actor is part
 * of the shape, not of what is stored.
 */
export function sendOperatorText(
  scope: Scope,
  _actor: Actor,
  { conversationId, text, replyTo }: { conversationId: string; text: string; replyTo?: string },
) {
  return send(scope, conversationId, {
    type: "text",
    text: { body: text, preview_url: true },
    ...context(replyTo),
  });
}

/** Reacts to a message of this conversation (an empty emoji removes the reaction). */
export async function reactToMessage(
  scope: Scope,
  _actor: Actor,
  { conversationId, messageId, emoji }: { conversationId: string; messageId: string; emoji: string },
) {
  const target = await db().message.findFirst({
    where: { id: messageId, conversationId, projectId: scope.projectId },
    select: { wamid: true },
  });
  if (!target?.wamid)
    throw new AppError("not_found", "That message cannot be reacted to (it was never delivered).");
  return send(scope, conversationId, { type: "reaction", reaction: { message_id: target.wamid, emoji } });
}

/** The approved templates of the conversation's number, as the database has them. */
export async function listConversationTemplates(
  access: InboxAccess,
  conversationId: string,
): Promise<TemplateSummary[]> {
  const c = await conversationFor(access, conversationId);
  const number = await numberOf(access, c.phoneNumberId);
  return listApprovedTemplates(access.projectId, number.wabaId);
}

/** Sends an approved template with its text parameters (header and body `{{n}}` values, in order). */
export async function sendOperatorTemplate(
  scope: Scope,
  _actor: Actor,
  {
    conversationId,
    ...t
  }: {
    conversationId: string;
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
  return send(scope, conversationId, {
    type: "template",
    template: { name: t.name, language: { code: t.language }, ...(components.length ? { components } : {}) },
    ...context(t.replyTo),
  });
}

/**
 * Opening a conversation clears its unread count and tells the customer their messages were read
 * (best effort: a failed receipt is not the operator's problem).
 */
export async function markConversationRead(
  scope: Scope,
  _actor: Actor,
  { conversationId }: { conversationId: string },
): Promise<void> {
  const c = await db().$transaction(async (tx) => {
    const [row] = await tx.conversation.updateManyAndReturn({
      where: { AND: [conversationScope(scope), { id: conversationId, unreadCount: { gt: 0 } }] },
      data: { unreadCount: 0 },
      select: { phoneNumberId: true },
    });
    if (row)
      await emit(tx, scope.projectId, "conversation.read", {
        conversationId,
        phoneNumberId: row.phoneNumberId,
      });
    return row;
  });
  if (!c) return;
  wakeDispatcher();
  const last = await db().message.findFirst({
    where: { projectId: scope.projectId, conversationId, direction: "INBOUND", wamid: { not: null } },
    orderBy: [{ sentAt: "desc" }, { seq: "desc" }],
    select: { wamid: true, phoneNumberId: true },
  });
  if (!last?.wamid) return;
  const number = await projectNumber(scope.projectId, last.phoneNumberId);
  if (!number) return;
  await graph(number, "POST", `${number.phoneNumberId}/messages`, {
    body: { messaging_product: "whatsapp", status: "read", message_id: last.wamid },
    attempts: 1,
  }).catch((e: Error) => console.warn(`[inbox] read receipt not sent: ${e.message}`));
}

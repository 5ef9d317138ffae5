import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { EventRow } from "@/lib/events/subscribers";
import type { PayloadVersion } from "./events";
import {
  type ContactRow,
  type ConversationRow,
  conversationEventPayload,
  identityChangedPayload,
  type MessageRow,
  messageEventPayload,
  type NumberRow,
  versioned,
} from "./payloads";

// Reads what a batch of events' payloads need, in the dispatch transaction, in three queries.

type Tx = Prisma.TransactionClient;

export interface PayloadContext {
  messages: Map<string, MessageRow & { conversationId: string }>;
  conversations: Map<string, ConversationRow>;
  numbers: Map<string, NumberRow>;
  newConversations: Set<string>;
}

export async function loadPayloadContext(tx: Tx, events: EventRow[]): Promise<PayloadContext> {
  const messageIds = new Set<string>();
  const conversationIds = new Set<string>();
  const numberIds = new Set<string>();
  const newConversations = new Set<string>();
  for (const e of events) {
    if (e.payload.messageId) messageIds.add(e.payload.messageId);
    if (e.payload.conversationId) conversationIds.add(e.payload.conversationId);
    if (e.payload.phoneNumberId) numberIds.add(e.payload.phoneNumberId);
    if (e.type === "whatsapp.conversation.created" && e.payload.conversationId)
      newConversations.add(e.payload.conversationId);
  }
  // One after another: a transaction is one connection. Plain SQL over id arrays: a dispatch batch reads
  // hundreds of rows here, inside the dispatch transaction.
  const messages = messageIds.size
    ? await tx.$queryRaw<(MessageRow & { conversationId: string })[]>`
        SELECT id, wamid, direction::text AS direction, type, content, status::text AS status,
               "statusHistory", error, origin::text AS origin, "sentAt", "conversationId"
        FROM "Message" WHERE id = ANY(${[...messageIds]}::text[])`
    : [];
  const convRows = conversationIds.size
    ? await tx.$queryRaw<(Omit<ConversationRow, "contact"> & ContactRow)[]>`
        SELECT c.id, c.status::text AS status, c."lastMessageAt", c."lastInboundAt", c."createdAt", c."updatedAt",
               k."waId", k.bsuid, k."profileName", k."displayName"
        FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId"
        WHERE c.id = ANY(${[...conversationIds]}::text[])`
    : [];
  const conversations: ConversationRow[] = convRows.map((c) => ({
    id: c.id,
    status: c.status,
    lastMessageAt: c.lastMessageAt,
    lastInboundAt: c.lastInboundAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    contact: { waId: c.waId, bsuid: c.bsuid, profileName: c.profileName, displayName: c.displayName },
  }));
  const numbers = await (numberIds.size
    ? tx.phoneNumber.findMany({
        where: { id: { in: [...numberIds] } },
        select: {
          id: true,
          phoneNumberId: true,
          displayPhoneNumber: true,
          verifiedName: true,
          wabaId: true,
        },
      })
    : []);
  return {
    messages: new Map(messages.map((m) => [m.id, m])),
    conversations: new Map(conversations.map((c) => [c.id, c])),
    numbers: new Map(numbers.map((n) => [n.id, n])),
    newConversations,
  };
}

/** The Kapso payload of one event for a payload version, or null when what it names is gone. */
export function eventPayload(
  ctx: PayloadContext,
  e: EventRow,
  version: PayloadVersion,
): Record<string, unknown> | null {
  const p = e.payload;
  const number = p.phoneNumberId ? (ctx.numbers.get(p.phoneNumberId) ?? null) : null;
  if (e.type.startsWith("whatsapp.message.")) {
    const m = p.messageId ? ctx.messages.get(p.messageId) : undefined;
    const c = p.conversationId ? ctx.conversations.get(p.conversationId) : undefined;
    if (!m || !c || !number) return null;
    return messageEventPayload(version, m, c, number, ctx.newConversations.has(c.id));
  }
  if (e.type.startsWith("whatsapp.conversation.")) {
    const c = p.conversationId ? ctx.conversations.get(p.conversationId) : undefined;
    if (!c || !number) return null;
    const extra: Record<string, unknown> = {};
    if (e.type === "whatsapp.conversation.inactive") {
      extra.inactivity = { minutes: p.minutes ?? null };
      if (p.sinceMessageId) extra.since_message = { id: p.sinceMessageId };
    }
    return conversationEventPayload(version, c, number, extra);
  }
  if (e.type === "whatsapp.contact.identity_changed") {
    const c = p.conversationId ? ctx.conversations.get(p.conversationId) : undefined;
    if (!c || !number) return null;
    return identityChangedPayload(version, c, number, {
      previousWaId: (p.previousWaId as string | null | undefined) ?? null,
      waId: String(p.waId ?? ""),
      reason: String(p.reason ?? "user_changed_number"),
      applied: p.applied !== false,
    });
  }
  if (e.type.startsWith("whatsapp.phone_number.")) {
    return {
      phone_number_id: number?.phoneNumberId ?? p.phoneNumberId ?? null,
      project: { id: e.projectId },
      ...(version === "v1" && number ? versioned("v1", number, {}) : {}),
    };
  }
  if (e.type.startsWith("workflow.execution.")) {
    const status = e.type.slice("workflow.execution.".length);
    return {
      event: e.type,
      occurred_at: e.createdAt.toISOString(),
      project_id: e.projectId,
      workflow_id: p.workflowId ?? null,
      workflow_execution_id: (p.executionId as string | undefined) ?? null,
      status,
      channel: "whatsapp",
      whatsapp_conversation_id: p.conversationId ?? null,
      ...(status === "handoff"
        ? { handoff: { reason: (p.reason as string | undefined) ?? null, source: "action_step" } }
        : {}),
      ...(status === "failed" ? { error: { message: (p.error as string | undefined) ?? null } } : {}),
    };
  }
  return null;
}

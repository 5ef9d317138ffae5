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
  // One round trip for all three (a transaction is one connection, and under a burst of posts each
  // round trip of the dispatch transaction waits its turn on this process's event loop). The rows come
  // as JSON text; timestamps as UTC instants, turned back into Dates below.
  const [row] = await tx.$queryRaw<{ messages: string; conversations: string; numbers: string }[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
                'id', m.id, 'wamid', m.wamid, 'direction', m.direction::text, 'type', m.type,
                'content', m.content, 'status', m.status::text, 'statusHistory', m."statusHistory",
                'error', m.error, 'origin', m.origin::text, 'sentAt', m."sentAt" AT TIME ZONE 'UTC',
                'conversationId', m."conversationId")), '[]')::text
       FROM "Message" m WHERE m.id = ANY(${[...messageIds]}::text[])) AS messages,
      (SELECT coalesce(json_agg(json_build_object(
                'id', c.id, 'status', c.status::text, 'lastMessageAt', c."lastMessageAt" AT TIME ZONE 'UTC',
                'lastInboundAt', c."lastInboundAt" AT TIME ZONE 'UTC', 'createdAt', c."createdAt" AT TIME ZONE 'UTC',
                'updatedAt', c."updatedAt" AT TIME ZONE 'UTC', 'waId', k."waId", 'bsuid', k.bsuid,
                'profileName', k."profileName", 'displayName', k."displayName")), '[]')::text
       FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId"
       WHERE c.id = ANY(${[...conversationIds]}::text[])) AS conversations,
      (SELECT coalesce(json_agg(json_build_object(
                'id', n.id, 'phoneNumberId', n."phoneNumberId", 'displayPhoneNumber', n."displayPhoneNumber",
                'verifiedName', n."verifiedName", 'wabaId', n."wabaId")), '[]')::text
       FROM "PhoneNumber" n WHERE n.id = ANY(${[...numberIds]}::text[])) AS numbers`;
  const date = (v: string | null) => (v === null ? null : new Date(v));
  const messages = (JSON.parse(row?.messages ?? "[]") as (MessageRow & { conversationId: string })[]).map(
    (m) => ({ ...m, sentAt: new Date(m.sentAt) }),
  );
  const conversations: ConversationRow[] = (
    JSON.parse(row?.conversations ?? "[]") as (Record<keyof Omit<ConversationRow, "contact">, string> &
      ContactRow)[]
  ).map((c) => ({
    id: c.id,
    status: c.status,
    lastMessageAt: new Date(c.lastMessageAt),
    lastInboundAt: date(c.lastInboundAt),
    createdAt: new Date(c.createdAt),
    updatedAt: new Date(c.updatedAt),
    contact: { waId: c.waId, bsuid: c.bsuid, profileName: c.profileName, displayName: c.displayName },
  }));
  const numbers = JSON.parse(row?.numbers ?? "[]") as NumberRow[];
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

import { z } from "zod";

// Every event the outbox carries, with the payload it must have. Names follow Kapso's webhook events for
// what a customer's integration sees (whatsapp.*, workflow.execution.*); dotted internal names for the
// rest. Payloads carry ids, not documents: a subscriber that needs more reads it in its own transaction.
// Objects are loose so a producer may add a field before every subscriber knows it; the listed fields
// are checked by emit().

const id = z.string().min(1).max(200);

const conversationRef = {
  conversationId: id,
  phoneNumberId: id,
};

const messageEvent = z.looseObject({
  messageId: id,
  ...conversationRef,
  contactId: id.optional(),
  wamid: z.string().optional(),
  type: z.string().optional(),
});

const conversationEvent = z.looseObject({
  ...conversationRef,
  contactId: id.optional(),
  reason: z.string().optional(),
});

const phoneNumberEvent = z.looseObject({
  phoneNumberId: id,
  kind: z.enum(["SANDBOX", "LIVE"]).optional(),
});

const workflowExecutionEvent = z.looseObject({
  workflowId: id,
  executionId: id,
  conversationId: id.optional(),
  phoneNumberId: id.optional(),
});

const memberEvent = z.looseObject({
  userId: id,
  role: z.enum(["OWNER", "ADMIN", "MEMBER"]).optional(),
});

const embedEvent = z.looseObject({ embedId: id });

const workflowEvent = z.looseObject({ workflowId: id, version: z.number().int().positive().optional() });

export const EVENT_CATALOGUE = {
  // Messages (the first five are Kapso's webhook events).
  "whatsapp.message.received": messageEvent,
  "whatsapp.message.sent": messageEvent,
  "whatsapp.message.delivered": messageEvent,
  "whatsapp.message.read": messageEvent,
  "whatsapp.message.failed": messageEvent,
  /** An outbound message was stored (before Meta accepted it; `sent` follows). */
  "message.created": messageEvent,

  /**
   * A webhook from Meta named a number that has a meta-kind webhook: its raw body (WebhookEvent.rawBody)
   * is forwarded as is. Committed with the raw event itself.
   */
  "whatsapp.meta.received": z.looseObject({ webhookEventId: id, phoneNumberId: id }),

  // Conversations.
  "whatsapp.conversation.created": conversationEvent,
  "whatsapp.conversation.ended": conversationEvent,
  /** No message for the webhook's inactivity window (emitted by the webhook timers). */
  "whatsapp.conversation.inactive": conversationEvent.extend({
    sinceMessageId: id.optional(),
    minutes: z.number().int().positive().optional(),
    /** The webhook whose inactivity_minutes ran out (each webhook has its own window). */
    webhookId: id.optional(),
  }),
  // Contacts.
  /** The customer's WhatsApp identity changed (Meta's user_changed_number notice): number before and after. */
  "whatsapp.contact.identity_changed": z.looseObject({
    contactId: id,
    ...conversationRef,
    messageId: id.optional(),
    previousWaId: z.string().nullable(),
    waId: z.string(),
    bsuid: z.string().nullable().optional(),
    reason: z.string(),
    applied: z.boolean(),
  }),
  "conversation.assigned": z.looseObject({
    ...conversationRef,
    userId: id.nullable(),
    previousUserId: id.nullable().optional(),
  }),
  "conversation.reopened": conversationEvent,
  /** An operator opened it: unread count back to 0 (other tabs clear their badge). */
  "conversation.read": conversationEvent,

  // Numbers and templates.
  "whatsapp.phone_number.created": phoneNumberEvent,
  "whatsapp.phone_number.deleted": phoneNumberEvent,
  "whatsapp.phone_number.updated": phoneNumberEvent.extend({ field: z.string().optional() }),
  /** A template's status, quality or category changed (Meta's webhook), or a sync changed it. */
  "whatsapp.template.updated": z.looseObject({
    templateId: id,
    field: z.string().optional(),
    status: z.string().optional(),
  }),

  // Workflow executions (declared for the engine).
  "workflow.execution.started": workflowExecutionEvent,
  "workflow.execution.ended": workflowExecutionEvent,
  /** Running → waiting (a wait, an agent awaiting the customer): the inbox's badge follows it. */
  "workflow.execution.waiting": workflowExecutionEvent,
  "workflow.execution.failed": workflowExecutionEvent.extend({ error: z.string().optional() }),
  "workflow.execution.handoff": workflowExecutionEvent.extend({ reason: z.string().optional() }),

  // Workflow definitions.
  "workflow.saved": workflowEvent,
  "workflow.activated": workflowEvent,
  "workflow.deactivated": workflowEvent,

  // Team and embeds.
  "member.added": memberEvent,
  "member.updated": memberEvent.extend({ previousRole: z.enum(["OWNER", "ADMIN", "MEMBER"]).optional() }),
  "member.removed": memberEvent,
  "embed.created": embedEvent,
  "embed.updated": embedEvent,
  "embed.revoked": embedEvent,

  // Broadcasts (status changes; per-recipient progress is read from the recipients).
  "broadcast.updated": z.looseObject({ broadcastId: id, status: z.string().optional() }),
  /** A project event sent through POST /platform/v1/events (Kapso's project.event). */
  "project.event": z.looseObject({
    name: z.string().min(1).max(128),
    properties: z.record(z.string(), z.unknown()),
  }),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type DomainEventType = keyof typeof EVENT_CATALOGUE;
export type EventPayload<T extends DomainEventType> = z.infer<(typeof EVENT_CATALOGUE)[T]>;

export const DOMAIN_EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as DomainEventType[];

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}

/**
 * What a subscriber reads from a stored event, whatever its type: the common ids are named so a
 * subscriber can route without switching on every type. Narrow with `parseEventPayload` for the rest.
 */
export interface DomainEventPayload {
  phoneNumberId?: string;
  conversationId?: string;
  messageId?: string;
  contactId?: string;
  templateId?: string;
  userId?: string | null;
  embedId?: string;
  workflowId?: string;
  [key: string]: unknown;
}

export class EventPayloadError extends Error {
  constructor(
    readonly type: string,
    readonly issues: string,
  ) {
    super(`Event ${type}: invalid payload (${issues})`);
  }
}

/** Checks a payload against the catalogue; throws EventPayloadError naming the fields. */
export function parseEventPayload<T extends DomainEventType>(type: T, payload: unknown): EventPayload<T> {
  if (!isDomainEventType(type)) throw new EventPayloadError(type, "unknown event type");
  const r = EVENT_CATALOGUE[type].safeParse(payload);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ");
    throw new EventPayloadError(type, issues);
  }
  return r.data as EventPayload<T>;
}

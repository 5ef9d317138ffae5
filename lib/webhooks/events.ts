// Which outbox events a webhook may subscribe to, by scope (Kapso's catalogue, spec §1.6). Pure.

/** Events of one phone number: messages and conversations. */
export const NUMBER_EVENTS = [
  "whatsapp.message.received",
  "whatsapp.message.sent",
  "whatsapp.message.delivered",
  "whatsapp.message.read",
  "whatsapp.message.failed",
  "whatsapp.conversation.created",
  "whatsapp.conversation.ended",
  "whatsapp.conversation.inactive",
  "whatsapp.contact.identity_changed",
] as const;

/** Project-wide events: number lifecycle and workflow executions. */
export const PROJECT_EVENTS = [
  "whatsapp.phone_number.created",
  "whatsapp.phone_number.deleted",
  "workflow.execution.handoff",
  "workflow.execution.failed",
] as const;

export type NumberEvent = (typeof NUMBER_EVENTS)[number];
export type ProjectEvent = (typeof PROJECT_EVENTS)[number];
export type WebhookEventType = NumberEvent | ProjectEvent;

export const WEBHOOK_EVENTS: readonly WebhookEventType[] = [...NUMBER_EVENTS, ...PROJECT_EVENTS];

/** The delivery log's event name for a Meta body forwarded as is (meta-kind webhooks). */
export const META_FORWARD_EVENT = "whatsapp.meta.received";

/** Every event name a delivery can carry: the filter of the delivery log and its API. */
export const LOGGED_EVENTS: readonly string[] = [...WEBHOOK_EVENTS, META_FORWARD_EVENT];

export function isWebhookEvent(t: string): t is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(t);
}

export function eventsForScope(scope: "number" | "project"): readonly WebhookEventType[] {
  return scope === "number" ? NUMBER_EVENTS : PROJECT_EVENTS;
}

/** Message events are delivered in conversation order (spec §1.9). */
export function isOrdered(t: string): boolean {
  return t.startsWith("whatsapp.message.");
}

/** Only received messages can be buffered (spec §1.8). */
export const BUFFERABLE_EVENT = "whatsapp.message.received";

export const WEBHOOK_KINDS = ["kapso", "meta"] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const PAYLOAD_VERSIONS = ["v1", "v2"] as const;
export type PayloadVersion = (typeof PAYLOAD_VERSIONS)[number];

/** Retry schedule after the first attempt (seconds): 10 s, 40 s, 90 s, then failed. */
export const DEFAULT_RETRY_DELAYS = [10, 40, 90] as const;
/** A receiver has this long to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A later message event waits this long for an earlier one of its conversation still in flight. */
export const ORDER_GAP_MS = 30_000;
/** Response bodies kept in the log. */
export const RESPONSE_KEEP_BYTES = 4096;

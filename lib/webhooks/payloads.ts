import type { PayloadVersion } from "./events";

// Kapso's webhook payloads (spec §1.7) from loaded rows. v2 (default) puts phone_number_id at the root;
// v1 nests the number in `whatsapp_config`. Pure: the loader (payload-data.ts) reads the rows.

export interface NumberRow {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  wabaId: string;
}

export interface ContactRow {
  waId: string | null;
  bsuid: string | null;
  profileName: string | null;
  displayName: string | null;
}

export interface ConversationRow {
  id: string;
  status: string;
  lastMessageAt: Date;
  lastInboundAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  contact: ContactRow;
  messagesCount?: number;
}

export interface MessageRow {
  id: string;
  wamid: string | null;
  direction: string;
  type: string;
  content: unknown;
  status: string;
  statusHistory: unknown;
  error: unknown;
  origin: string;
  sentAt: Date;
}

const MEDIA = new Set(["image", "video", "audio", "document", "sticker"]);

function contactName(c: ContactRow): string | null {
  return c.displayName ?? c.profileName ?? null;
}

export function conversationPayload(c: ConversationRow, number: NumberRow) {
  return {
    id: c.id,
    phone_number: c.contact.waId,
    business_scoped_user_id: c.contact.bsuid,
    status: c.status.toLowerCase(),
    last_active_at: c.lastMessageAt.toISOString(),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    metadata: {},
    phone_number_id: number.phoneNumberId,
    kapso: {
      contact_name: contactName(c.contact),
      messages_count: c.messagesCount ?? null,
      last_inbound_at: c.lastInboundAt?.toISOString() ?? null,
    },
  };
}

export function messagePayload(m: MessageRow, c: ConversationRow, number: NumberRow) {
  const content = (m.content ?? {}) as Record<string, unknown>;
  const body = content[m.type];
  const customer = c.contact.waId ?? c.contact.bsuid ?? "";
  const text =
    m.type === "text"
      ? ((body as { body?: string } | undefined)?.body ?? null)
      : ((body as { caption?: string } | undefined)?.caption ?? null);
  return {
    id: m.wamid ?? m.id,
    timestamp: String(Math.floor(m.sentAt.getTime() / 1000)),
    type: m.type,
    ...(m.direction === "INBOUND"
      ? { from: customer }
      : { to: customer, from: number.displayPhoneNumber.replace(/\D/g, "") }),
    ...(body !== undefined ? { [m.type]: body } : {}),
    ...(content.context ? { context: content.context } : {}),
    kapso: {
      direction: m.direction.toLowerCase(),
      status: m.status.toLowerCase(),
      processing_status: m.status === "FAILED" ? "failed" : "processed",
      origin: m.origin === "CUSTOMER" ? "cloud_api" : "cloud_api",
      has_media: MEDIA.has(m.type),
      content: text,
      media_data: MEDIA.has(m.type) ? (body ?? null) : null,
      message_type_data: body ?? null,
      statuses: Array.isArray(m.statusHistory) ? m.statusHistory : [],
      ...(m.error ? { errors: [m.error] } : {}),
      phone_number: customer,
      phone_number_id: number.phoneNumberId,
    },
  };
}

function whatsappConfig(number: NumberRow) {
  return {
    id: number.id,
    phone_number_id: number.phoneNumberId,
    display_phone_number: number.displayPhoneNumber,
    verified_name: number.verifiedName,
    business_account_id: number.wabaId,
  };
}

/** Wraps an event's fields for a payload version: v2 → phone_number_id at the root, v1 → whatsapp_config. */
export function versioned(
  version: PayloadVersion,
  number: NumberRow | null,
  fields: Record<string, unknown>,
) {
  if (!number) return fields;
  return version === "v2"
    ? { ...fields, phone_number_id: number.phoneNumberId }
    : { ...fields, whatsapp_config: whatsappConfig(number) };
}

export function messageEventPayload(
  version: PayloadVersion,
  m: MessageRow,
  c: ConversationRow,
  number: NumberRow,
  isNewConversation: boolean,
) {
  return versioned(version, number, {
    message: messagePayload(m, c, number),
    conversation: conversationPayload(c, number),
    is_new_conversation: isNewConversation,
  });
}

export function conversationEventPayload(
  version: PayloadVersion,
  c: ConversationRow,
  number: NumberRow,
  extra: Record<string, unknown> = {},
) {
  return versioned(version, number, { conversation: conversationPayload(c, number), ...extra });
}

/** whatsapp.contact.identity_changed: the contact as it is now, with the number it had before. */
export function identityChangedPayload(
  version: PayloadVersion,
  c: ConversationRow,
  number: NumberRow,
  change: { previousWaId: string | null; waId: string; reason: string; applied: boolean },
) {
  return versioned(version, number, {
    contact: {
      wa_id: change.waId,
      previous_wa_id: change.previousWaId,
      business_scoped_user_id: c.contact.bsuid,
      profile_name: c.contact.profileName,
    },
    reason: change.reason,
    applied: change.applied,
    conversation: conversationPayload(c, number),
  });
}

/** A batch body (spec §1.8). */
export function batchPayload(
  eventType: string,
  items: unknown[],
  info: { windowMs: number; firstSequence: number; lastSequence: number; conversationId: string },
) {
  return {
    type: eventType,
    batch: true,
    data: items,
    batch_info: {
      size: items.length,
      window_ms: info.windowMs,
      first_sequence: info.firstSequence,
      last_sequence: info.lastSequence,
      conversation_id: info.conversationId,
    },
  };
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { MessageDirection, MessageStatus } from "@/generated/prisma/enums";
import type { InboxAccess } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { contactName } from "./contact-name";
import { conversationWhere, messageScope } from "./filters";
import { type KapsoField, parseKapsoFields } from "./kapso-fields";
import { keyset, limitOf, page, timeParam } from "./paging";

// The read model in Kapso's shapes (snake_case, Graph-style cursors), for the Meta proxy's Kapso
// extensions and the Platform API. Same scope rules and filters as the inbox (./filters.ts); only the
// DTOs differ. A caller passes the access its door resolved: an API key's whole project, narrowed to
// one number by the proxy.

/** The number a Kapso record names as the business side. */
export interface KapsoNumber {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

const MEDIA = new Set(["image", "video", "audio", "document", "sticker"]);
const STATUS_FILTER: Record<string, MessageStatus> = {
  pending: "PENDING",
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  failed: "FAILED",
  received: "RECEIVED",
};

const messageSelect = {
  id: true,
  wamid: true,
  direction: true,
  type: true,
  content: true,
  status: true,
  sentAt: true,
  conversationId: true,
  error: true,
  conversation: {
    select: { contact: { select: { waId: true, bsuid: true, profileName: true, displayName: true } } },
  },
  phoneNumber: { select: { id: true, phoneNumberId: true, displayPhoneNumber: true } },
} satisfies Prisma.MessageSelect;
type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

function messageRecord(m: MessageRow, number: KapsoNumber, fields: Set<KapsoField>, mediaUrl: MediaUrl) {
  const c = (m.content ?? {}) as Record<string, unknown>;
  const contact = m.conversation.contact;
  const customer = contact.waId ?? contact.bsuid ?? "";
  const body = c[m.type];
  const kapso: Record<string, unknown> = {
    direction: m.direction.toLowerCase(),
    status: m.status.toLowerCase(),
    processing_status: m.status === "FAILED" ? "failed" : "processed",
    phone_number: customer,
    has_media: MEDIA.has(m.type),
    media_data: MEDIA.has(m.type) ? body : null,
    media_url: MEDIA.has(m.type) ? mediaUrl((body as { id?: unknown } | undefined)?.id, number) : null,
    whatsapp_conversation_id: m.conversationId,
    contact_name: contactName(contact),
    message_type_data: body ?? null,
    content:
      m.type === "text"
        ? ((body as { body?: string } | undefined)?.body ?? null)
        : ((body as { caption?: string } | undefined)?.caption ?? null),
    flow_response:
      m.type === "interactive"
        ? ((body as { nfm_reply?: { response_json?: string } } | undefined)?.nfm_reply?.response_json ?? null)
        : null,
    flow_token: null,
    flow_name: null,
    order_text: m.type === "order" ? ((body as { text?: string } | undefined)?.text ?? null) : null,
  };
  return {
    id: m.wamid ?? m.id,
    type: m.type,
    timestamp: String(Math.floor(m.sentAt.getTime() / 1000)),
    ...(m.direction === "INBOUND"
      ? { from: customer }
      : { to: customer, from: number.displayPhoneNumber.replace(/\D/g, "") }),
    ...(body !== undefined ? { [m.type]: body } : {}),
    ...(c.context ? { context: c.context } : {}),
    ...(m.error ? { errors: [m.error] } : {}),
    ...(fields.size > 0 ? { kapso: Object.fromEntries([...fields].map((f) => [f, kapso[f]])) } : {}),
  };
}

/** Where an API-key client downloads a media id of a number (the proxy's `download_url`), or null. */
export type MediaUrl = (mediaId: unknown, number: KapsoNumber) => string | null;

/**
 * Kapso's message filters: conversation_id, direction, status, since/until, and the Platform API's
 * phone_number (the customer's), message_type and has_media.
 */
function messageFilters(q: URLSearchParams): Prisma.MessageWhereInput {
  const direction = q.get("direction");
  if (direction && direction !== "inbound" && direction !== "outbound")
    throw new AppError("validation", "direction must be inbound or outbound", {
      fields: { direction: "inbound|outbound" },
    });
  const status = q.get("status");
  if (status && !STATUS_FILTER[status])
    throw new AppError("validation", `status must be one of ${Object.keys(STATUS_FILTER).join(", ")}`, {
      fields: { status: "Invalid" },
    });
  const since = timeParam(q, "since");
  const until = timeParam(q, "until");
  const hasMedia = q.get("has_media");
  if (hasMedia !== null && hasMedia !== "true" && hasMedia !== "false")
    throw new AppError("validation", "has_media must be true or false", {
      fields: { has_media: "true|false" },
    });
  const messageType = q.get("message_type");
  if (messageType !== null && !/^[a-z_]{1,32}$/.test(messageType))
    throw new AppError("validation", "message_type must be a WhatsApp message type such as text or image", {
      fields: { message_type: "Invalid" },
    });
  const customer = q.get("phone_number")?.replace(/\D/g, "");
  if (q.get("phone_number") !== null && !customer)
    throw new AppError("validation", "phone_number must be the customer's number in digits", {
      fields: { phone_number: "Digits" },
    });
  const types: Prisma.StringFilter[] = [];
  if (messageType) types.push({ equals: messageType });
  if (hasMedia === "true") types.push({ in: [...MEDIA] });
  if (hasMedia === "false") types.push({ notIn: [...MEDIA] });
  return {
    ...(q.get("conversation_id") ? { conversationId: q.get("conversation_id")! } : {}),
    ...(direction ? { direction: direction.toUpperCase() as MessageDirection } : {}),
    ...(status ? { status: STATUS_FILTER[status] } : {}),
    ...(since || until
      ? { sentAt: { ...(since ? { gte: since } : {}), ...(until ? { lte: until } : {}) } }
      : {}),
    ...(customer ? { conversation: { contact: { waId: customer } } } : {}),
    ...(types.length > 0 ? { AND: types.map((type) => ({ type })) } : {}),
  };
}

/**
 * Message history, newest first, cursor-paged: one number's (the proxy, or the Platform API with
 * phone_number_id), or the whole access's (the Platform API without it). `withNumberId` adds the
 * number's Meta id to each record (the Platform API's shape).
 */
export async function listMessages(
  access: InboxAccess,
  number: KapsoNumber | null,
  url: URL,
  mediaUrl: MediaUrl,
  opts: { withNumberId?: boolean } = {},
) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const filters = messageFilters(q);
  const ks = keyset(q, "sentAt");
  const scope = messageScope(access);
  const rows = await db().message.findMany({
    // The access's scope, the number and the keyset are ANDed so no filter can widen another.
    where: {
      AND: [scope, number ? { phoneNumberId: number.id } : {}, filters, ks.where],
    },
    orderBy: ks.asc ? [{ sentAt: "asc" }, { id: "asc" }] : [{ sentAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: messageSelect,
  });
  const fields = parseKapsoFields(q.get("fields"));
  const p = page(rows, limit, (r) => ({ t: r.sentAt.toISOString(), id: r.id }), url, ks.direction);
  return {
    ...p,
    data: p.data.map((r) => {
      const record = messageRecord(r, number ?? r.phoneNumber, fields, mediaUrl);
      return opts.withNumberId ? { ...record, phone_number_id: r.phoneNumber.phoneNumberId } : record;
    }),
  };
}

export async function getMessage(
  access: InboxAccess,
  number: KapsoNumber,
  wamid: string,
  url: URL,
  mediaUrl: MediaUrl,
) {
  const m = await db().message.findFirst({
    where: { ...messageScope(access), phoneNumberId: number.id, OR: [{ wamid }, { id: wamid }] },
    select: messageSelect,
  });
  if (!m) throw new AppError("not_found", `Message ${wamid} was not found for this number`);
  return messageRecord(m, number, parseKapsoFields(url.searchParams.get("fields")), mediaUrl);
}

/**
 * Conversations in Kapso's shape, newest activity first, cursor-paged both ways. `unassigned` is
 * Kapso's flag (true, false or absent); giving it with assigned_user_id is refused by both APIs.
 */
export async function listConversations(access: InboxAccess, url: URL, opts: { numberId?: string } = {}) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const assigned = q.get("assigned_user_id");
  const unassigned = q.get("unassigned");
  if (unassigned !== null && unassigned !== "true" && unassigned !== "false")
    throw new AppError("validation", "unassigned must be true or false", {
      fields: { unassigned: "true|false" },
    });
  if (assigned && unassigned === "true")
    throw new AppError("validation", "Use either assigned_user_id or unassigned=true, not both", {
      fields: { unassigned: "Conflicts with assigned_user_id" },
    });
  const status = q.get("status");
  if (status && status !== "active" && status !== "ended")
    throw new AppError("validation", "status must be active or ended", {
      fields: { status: "active|ended" },
    });
  const ks = keyset(q, "lastMessageAt");
  const where = conversationWhere(access, {
    numberId: opts.numberId,
    status: status === "active" ? "ACTIVE" : status === "ended" ? "ENDED" : undefined,
    assigneeId: assigned ? assigned : unassigned === "true" ? null : undefined,
    contactWaId: q.get("phone_number")?.replace(/\D/g, "") || undefined,
    activeSince: timeParam(q, "last_active_since"),
    activeUntil: timeParam(q, "last_active_until"),
  });
  const rows = await db().conversation.findMany({
    where: { AND: [...where.AND, ks.where] },
    orderBy: ks.asc ? [{ lastMessageAt: "asc" }, { id: "asc" }] : [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: conversationSelect,
  });
  const p = page(rows, limit, (r) => ({ t: r.lastMessageAt.toISOString(), id: r.id }), url, ks.direction);
  return { ...p, data: p.data.map(conversationRecord) };
}

export const conversationSelect = {
  id: true,
  status: true,
  lastMessageAt: true,
  lastInboundAt: true,
  createdAt: true,
  unreadCount: true,
  assigneeId: true,
  contact: { select: { waId: true, bsuid: true, profileName: true, displayName: true } },
  phoneNumber: { select: { phoneNumberId: true } },
} satisfies Prisma.ConversationSelect;

function conversationRecord(c: Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>) {
  return {
    id: c.id,
    phone_number: c.contact.waId,
    business_scoped_user_id: c.contact.bsuid,
    status: c.status.toLowerCase(),
    last_active_at: c.lastMessageAt.toISOString(),
    created_at: c.createdAt.toISOString(),
    phone_number_id: c.phoneNumber.phoneNumberId,
    kapso: {
      contact_name: contactName(c.contact),
      unread_count: c.unreadCount,
      last_inbound_at: c.lastInboundAt?.toISOString() ?? null,
      assigned_user_id: c.assigneeId,
    },
  };
}

export async function getConversation(access: InboxAccess, id: string) {
  const c = await db().conversation.findFirst({
    where: { AND: [...conversationWhere(access, {}).AND, { id }] },
    select: conversationSelect,
  });
  if (!c) throw new AppError("not_found", `Conversation ${id} was not found`);
  return { data: conversationRecord(c) };
}

const contactSelect = {
  id: true,
  waId: true,
  bsuid: true,
  profileName: true,
  displayName: true,
  metadata: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ContactSelect;

function contactRecord(c: Prisma.ContactGetPayload<{ select: typeof contactSelect }>) {
  return {
    id: c.id,
    wa_id: c.waId,
    business_scoped_user_id: c.bsuid,
    profile_name: c.profileName,
    display_name: c.displayName,
    metadata: (c.metadata ?? {}) as Record<string, unknown>,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** Contacts with a conversation in the caller's scope (on one number for the proxy). */
function contactWhere(access: InboxAccess, numberId: string): Prisma.ContactWhereInput {
  return {
    projectId: access.projectId,
    conversations: { some: { AND: [...conversationWhere(access, { numberId }).AND] } },
  };
}

export async function listContacts(access: InboxAccess, numberId: string, url: URL) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const ks = keyset(q, "createdAt");
  const waId = q.get("wa_id");
  const rows = await db().contact.findMany({
    where: { AND: [contactWhere(access, numberId), waId ? { waId } : {}, ks.where] },
    orderBy: ks.asc ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: contactSelect,
  });
  const p = page(rows, limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }), url, ks.direction);
  return { ...p, data: p.data.map(contactRecord) };
}

/** GET /{phone_number_id}/contacts/{wa_id}: one contact the number has talked to. */
export async function getContact(access: InboxAccess, numberId: string, waId: string) {
  const c = await db().contact.findFirst({
    where: { AND: [contactWhere(access, numberId), { waId }] },
    select: contactSelect,
  });
  if (!c) throw new AppError("not_found", `Contact ${waId} was not found for this number`);
  return { data: contactRecord(c) };
}

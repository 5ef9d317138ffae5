import type { Prisma } from "@/generated/prisma/client";
import type { MessageDirection, MessageStatus } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { setConversationStatus as setInboxConversationStatus } from "@/lib/inbox/mutations";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { type KapsoField, parseKapsoFields } from "./kapso-fields";
import { decodeCursor, page, parseTime } from "./paging";

// Kapso's read extensions of the Meta proxy, served from our own store.

const MEDIA = new Set(["image", "video", "audio", "document", "sticker"]);
const STATUS_FILTER: Record<string, MessageStatus> = {
  pending: "PENDING",
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  failed: "FAILED",
  received: "RECEIVED",
};

export function limitOf(q: URLSearchParams): number {
  const raw = q.get("limit");
  if (raw === null) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new AppError("validation", "limit must be a whole number from 1 to 100", {
      fields: { limit: "1–100" },
    });
  return n;
}

function timeParam(q: URLSearchParams, name: string): Date | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const d = parseTime(v);
  if (!d)
    throw new AppError("validation", `${name} must be an ISO date or Unix seconds`, {
      fields: { [name]: "Invalid time" },
    });
  return d;
}

export function keyset(q: URLSearchParams, column: string) {
  const after = decodeCursor(q.get("after"));
  const before = decodeCursor(q.get("before"));
  if ((q.get("after") && !after) || (q.get("before") && !before))
    throw new AppError("validation", "The paging cursor is not valid", {
      fields: { after: "Invalid cursor" },
    });
  if (after)
    return {
      where: {
        OR: [{ [column]: { lt: new Date(after.t) } }, { [column]: new Date(after.t), id: { lt: after.id } }],
      },
      direction: "after" as const,
      asc: false,
    };
  if (before)
    return {
      where: {
        OR: [
          { [column]: { gt: new Date(before.t) } },
          { [column]: new Date(before.t), id: { gt: before.id } },
        ],
      },
      direction: "before" as const,
      asc: true,
    };
  return { where: {}, direction: "after" as const, asc: false };
}

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
  conversation: { select: { contact: { select: { waId: true, bsuid: true, profileName: true } } } },
} satisfies Prisma.MessageSelect;
type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

function messageRecord(m: MessageRow, number: NumberWithSecrets, fields: Set<KapsoField>) {
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
    media_url: null, // a download route for stored media arrives with the inbox's media rendering
    whatsapp_conversation_id: m.conversationId,
    contact_name: contact.profileName,
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

export async function listMessages(number: NumberWithSecrets, url: URL) {
  const q = url.searchParams;
  const limit = limitOf(q);
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
  const ks = keyset(q, "sentAt");
  const rows = await db().message.findMany({
    where: {
      projectId: number.projectId,
      phoneNumberId: number.id,
      ...(q.get("conversation_id") ? { conversationId: q.get("conversation_id")! } : {}),
      ...(direction ? { direction: direction.toUpperCase() as MessageDirection } : {}),
      ...(status ? { status: STATUS_FILTER[status] } : {}),
      ...(since || until
        ? { sentAt: { ...(since ? { gte: since } : {}), ...(until ? { lte: until } : {}) } }
        : {}),
      ...ks.where,
    },
    orderBy: ks.asc ? [{ sentAt: "asc" }, { id: "asc" }] : [{ sentAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: messageSelect,
  });
  const fields = parseKapsoFields(q.get("fields"));
  const p = page(rows, limit, (r) => ({ t: r.sentAt.toISOString(), id: r.id }), url, ks.direction);
  return { ...p, data: p.data.map((r) => messageRecord(r, number, fields)) };
}

export async function getMessage(number: NumberWithSecrets, wamid: string, url: URL) {
  const m = await db().message.findFirst({
    where: { projectId: number.projectId, phoneNumberId: number.id, OR: [{ wamid }, { id: wamid }] },
    select: messageSelect,
  });
  if (!m) throw new AppError("not_found", `Message ${wamid} was not found for this number`);
  return messageRecord(m, number, parseKapsoFields(url.searchParams.get("fields")));
}

export async function listConversations(number: NumberWithSecrets, url: URL) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const assigned = q.get("assigned_user_id");
  const unassigned = q.get("unassigned") === "true";
  if (assigned && unassigned)
    throw new AppError("validation", "Use either assigned_user_id or unassigned=true, not both", {
      fields: { unassigned: "Conflicts with assigned_user_id" },
    });
  const status = q.get("status");
  if (status && status !== "active" && status !== "ended")
    throw new AppError("validation", "status must be active or ended", {
      fields: { status: "active|ended" },
    });
  const since = timeParam(q, "last_active_since");
  const until = timeParam(q, "last_active_until");
  const ks = keyset(q, "lastMessageAt");
  const phone = q.get("phone_number")?.replace(/\D/g, "");
  const rows = await db().conversation.findMany({
    where: {
      projectId: number.projectId,
      phoneNumberId: number.id,
      ...(status ? { status: status === "active" ? ("ACTIVE" as const) : ("ENDED" as const) } : {}),
      ...(since || until
        ? { lastMessageAt: { ...(since ? { gte: since } : {}), ...(until ? { lte: until } : {}) } }
        : {}),
      ...(assigned ? { assigneeId: assigned } : {}),
      ...(unassigned ? { assigneeId: null } : {}),
      ...(phone ? { contact: { waId: phone } } : {}),
      ...ks.where,
    },
    orderBy: ks.asc ? [{ lastMessageAt: "asc" }, { id: "asc" }] : [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: conversationSelect,
  });
  const p = page(rows, limit, (r) => ({ t: r.lastMessageAt.toISOString(), id: r.id }), url, ks.direction);
  return { ...p, data: p.data.map((c) => conversationRecord(c, number.phoneNumberId)) };
}

export const conversationSelect = {
  id: true,
  status: true,
  lastMessageAt: true,
  lastInboundAt: true,
  createdAt: true,
  unreadCount: true,
  contact: { select: { waId: true, bsuid: true, profileName: true } },
  assignments: { where: { active: true }, select: { userId: true } },
} satisfies Prisma.ConversationSelect;

export function conversationRecord(
  c: Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>,
  phoneNumberId: string,
) {
  return {
    id: c.id,
    phone_number: c.contact.waId,
    business_scoped_user_id: c.contact.bsuid,
    status: c.status.toLowerCase(),
    last_active_at: c.lastMessageAt.toISOString(),
    created_at: c.createdAt.toISOString(),
    phone_number_id: phoneNumberId,
    kapso: {
      contact_name: c.contact.profileName,
      unread_count: c.unreadCount,
      last_inbound_at: c.lastInboundAt?.toISOString() ?? null,
      assigned_user_id: c.assignments[0]?.userId ?? null,
    },
  };
}

export async function getConversation(projectId: ProjectId, id: string) {
  const c = await db().conversation.findFirst({
    where: { id, projectId },
    select: { ...conversationSelect, phoneNumber: { select: { phoneNumberId: true } } },
  });
  if (!c) throw new AppError("not_found", `Conversation ${id} was not found`);
  return { data: conversationRecord(c, c.phoneNumber.phoneNumberId) };
}

/** Close (ended) or reopen (active) a conversation, through the same rules as the inbox. */
export async function setConversationStatus(
  projectId: ProjectId,
  id: string,
  status: unknown,
  apiKeyId: string,
) {
  if (status !== "active" && status !== "ended")
    throw new AppError("validation", "status must be active or ended", {
      fields: { status: "active|ended" },
    });
  await setInboxConversationStatus(
    { projectId, actor: { kind: "api", apiKeyId } },
    id,
    status === "active" ? "ACTIVE" : "ENDED",
  );
  return { success: true };
}

export async function listContacts(number: NumberWithSecrets, url: URL, projectId: ProjectId) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const ks = keyset(q, "createdAt");
  const rows = await db().contact.findMany({
    where: {
      projectId,
      conversations: { some: { phoneNumberId: number.id } },
      ...(q.get("wa_id") ? { waId: q.get("wa_id")! } : {}),
      ...ks.where,
    },
    orderBy: ks.asc ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, waId: true, bsuid: true, profileName: true, createdAt: true, updatedAt: true },
  });
  const p = page(rows, limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }), url, ks.direction);
  return {
    ...p,
    data: p.data.map((c) => ({
      id: c.id,
      wa_id: c.waId,
      business_scoped_user_id: c.bsuid,
      profile_name: c.profileName,
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
    })),
  };
}

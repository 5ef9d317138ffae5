import type { Prisma } from "@/generated/prisma/client";
import type { MessageStatus } from "@/generated/prisma/enums";
import { type ProjectId, trustedProjectId } from "@/lib/auth/project-id";
import { db, dbInfra } from "@/lib/db/client";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { type NumberWithSecrets, numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { applyNumberUpdate, applyTemplateUpdate } from "./account-updates";
import {
  contactSchema,
  type Envelope,
  envelopeSchema,
  type InboundMessage,
  inboundMessageSchema,
  type StatusUpdate,
  statusSchema,
} from "./envelope";
import { fetchInboundMedia, MEDIA_TYPES } from "./media";
import { appendHistory, META_STATUS, nextStatus, type StatusReport } from "./status";
import {
  type IngestItem,
  ingestItem,
  type SenderProfile,
  storeInboundMessage,
  storeItem,
} from "./store-message";

type Tx = Prisma.TransactionClient;
const MAX_ATTEMPTS = 5;

function sentAt(timestamp: string | undefined): Date {
  const s = Number(timestamp);
  return Number.isFinite(s) && s > 0 ? new Date(s * 1000) : new Date();
}

/** Stores one inbound message once, however often Meta delivers it. Returns false for a repeat. */
export async function ingestMessage(
  number: NumberWithSecrets,
  msg: InboundMessage,
  profile: SenderProfile,
): Promise<boolean> {
  return storeInboundMessage(
    number,
    msg,
    {
      waId: msg.from ?? profile.waId,
      bsuid: msg.from_user_id ?? profile.bsuid,
      profileName: profile.profileName,
    },
    sentAt(msg.timestamp),
  );
}

/** Applies a status report; one for a message we have not stored yet waits in the backlog. */
export async function applyStatus(number: NumberWithSecrets, st: StatusUpdate): Promise<void> {
  const status = META_STATUS[st.status];
  if (!status) return;
  const report: StatusReport = {
    status,
    timestamp: st.timestamp,
    errors: st.errors,
    pricing: st.pricing,
    conversation: st.conversation,
  };
  await db().$transaction(async (tx) => {
    const [msg] = await tx.$queryRaw<
      {
        id: string;
        status: MessageStatus;
        statusHistory: StatusReport[];
        conversationId: string;
        phoneNumberId: string;
      }[]
    >`
      SELECT id, status, "statusHistory", "conversationId", "phoneNumberId" FROM "Message"
      WHERE wamid = ${st.id} AND "phoneNumberId" = ${number.id} FOR UPDATE`;
    if (!msg) {
      await tx.messageStatusBacklog.create({
        data: {
          projectId: number.projectId,
          phoneNumberId: number.id,
          wamid: st.id,
          payload: st as Prisma.InputJsonObject,
        },
      });
      return;
    }
    await applyReport(tx, number.projectId, msg, report);
  });
}

async function applyReport(
  tx: Tx,
  projectId: ProjectId,
  msg: {
    id: string;
    status: MessageStatus;
    statusHistory: StatusReport[];
    conversationId: string;
    phoneNumberId: string;
  },
  report: StatusReport,
): Promise<void> {
  const history = appendHistory(msg.statusHistory ?? [], report);
  if (history === msg.statusHistory) return;
  const next = nextStatus(msg.status, report.status);
  await tx.message.update({
    where: { id: msg.id },
    data: {
      status: next,
      statusHistory: history as unknown as Prisma.InputJsonArray,
      ...(report.status === "FAILED" && report.errors
        ? { error: report.errors[0] as Prisma.InputJsonObject }
        : {}),
    },
  });
  if (next !== msg.status) {
    await emit(tx, projectId, `whatsapp.message.${next.toLowerCase()}` as "whatsapp.message.sent", {
      messageId: msg.id,
      conversationId: msg.conversationId,
      phoneNumberId: msg.phoneNumberId,
    });
  }
}

/** Called after an outbound message is stored: statuses that raced ahead of it are applied now. */
export async function drainStatusBacklog(
  tx: Tx,
  projectId: ProjectId,
  message: { id: string; wamid: string; conversationId: string },
): Promise<void> {
  const waiting = await tx.messageStatusBacklog.findMany({
    where: { wamid: message.wamid, projectId },
    orderBy: { createdAt: "asc" },
  });
  if (waiting.length === 0) return;
  let current = await tx.message.findUniqueOrThrow({
    where: { id: message.id },
    select: { id: true, status: true, statusHistory: true, conversationId: true, phoneNumberId: true },
  });
  for (const w of waiting) {
    const st = statusSchema.parse(w.payload);
    const status = META_STATUS[st.status];
    if (status) {
      await applyReport(
        tx,
        projectId,
        { ...current, statusHistory: current.statusHistory as unknown as StatusReport[] },
        { status, timestamp: st.timestamp, errors: st.errors, pricing: st.pricing },
      );
      current = await tx.message.findUniqueOrThrow({
        where: { id: message.id },
        select: { id: true, status: true, statusHistory: true, conversationId: true, phoneNumberId: true },
      });
    }
  }
  await tx.messageStatusBacklog.deleteMany({ where: { id: { in: waiting.map((w) => w.id) } } });
}

/**
 * The WABA's numbers in the project the receiver verified the event for: a number of another project
 * that claims the same WABA id must not receive (or forge) this account's updates.
 */
async function wabaNumbersOfEvent(wabaId: string, eventId: string): Promise<NumberWithSecrets[]> {
  const event = await db().webhookEvent.findUnique({ where: { id: eventId }, select: { projectId: true } });
  return (await numbersByWaba(wabaId)).filter((n) => n.projectId === event?.projectId);
}

async function processChange(
  field: string,
  value: Record<string, unknown>,
  entryId: string | undefined,
  eventId: string,
): Promise<boolean> {
  if (field === "messages") {
    const metaId = (value.metadata as { phone_number_id?: string } | undefined)?.phone_number_id;
    const number = metaId ? await numberByMetaId(metaId) : null;
    if (!number) return false;
    const contacts = (Array.isArray(value.contacts) ? value.contacts : []).map((c) => contactSchema.parse(c));
    const profileFor = (m: InboundMessage) => {
      const c =
        contacts.find(
          (x) => (m.from && x.wa_id === m.from) || (m.from_user_id && x.user_id === m.from_user_id),
        ) ?? (contacts.length === 1 ? contacts[0] : undefined);
      return { waId: c?.wa_id, bsuid: c?.user_id, profileName: c?.profile?.name ?? c?.profile?.username };
    };
    for (const raw of Array.isArray(value.messages) ? value.messages : []) {
      const msg = inboundMessageSchema.parse(raw);
      const stored = await ingestMessage(number, msg, profileFor(msg));
      if (stored && MEDIA_TYPES.has(msg.type))
        await fetchInboundMedia(number, msg).catch((e: unknown) =>
          console.error("[ingest] media:", (e as Error).message),
        );
    }
    for (const raw of Array.isArray(value.statuses) ? value.statuses : [])
      await applyStatus(number, statusSchema.parse(raw));
    return true;
  }
  if (field.startsWith("message_template") || field === "template_category_update") {
    const numbers = entryId ? await wabaNumbersOfEvent(entryId, eventId) : [];
    for (const projectId of new Set(numbers.map((n) => n.projectId)))
      await applyTemplateUpdate(projectId, entryId!, field, value);
    return numbers.length > 0;
  }
  if (field === "phone_number_quality_update" || field === "phone_number_name_update") {
    const numbers = entryId ? await wabaNumbersOfEvent(entryId, eventId) : [];
    for (const n of numbers) await applyNumberUpdate(n, field, value);
    return numbers.length > 0;
  }
  return true; // other subscribed fields are kept in the raw event only
}

/**
 * The common delivery, one message and nothing else, as an item the SQL functions store in one go
 * (marking the event done). Media messages take the general path: their download must finish first.
 */
export async function singleMessageItem(id: string, envelope: Envelope): Promise<IngestItem | null> {
  const change =
    envelope.entry.length === 1 && envelope.entry[0]?.changes.length === 1
      ? envelope.entry[0].changes[0]
      : undefined;
  if (change?.field !== "messages") return null;
  const v = change.value;
  const messages = Array.isArray(v.messages) ? v.messages : [];
  if (
    messages.length !== 1 ||
    (Array.isArray(v.statuses) && v.statuses.length > 0) ||
    Array.isArray(v.errors)
  )
    return null;
  const msg = inboundMessageSchema.parse(messages[0]);
  if (MEDIA_TYPES.has(msg.type)) return null;
  const metaId = (v.metadata as { phone_number_id?: string } | undefined)?.phone_number_id;
  const number = metaId ? await numberByMetaId(metaId) : null;
  if (!number) return null;
  const c = (Array.isArray(v.contacts) ? v.contacts : []).map((x) => contactSchema.parse(x))[0];
  const sender = {
    waId: msg.from ?? c?.wa_id,
    bsuid: msg.from_user_id ?? c?.user_id,
    profileName: c?.profile?.name ?? c?.profile?.username,
  };
  if (!sender.waId && !sender.bsuid) return null;
  return ingestItem(number, msg, sender, sentAt(msg.timestamp), id);
}

async function processSingleMessage(id: string, envelope: Envelope): Promise<boolean> {
  const item = await singleMessageItem(id, envelope);
  if (!item) return false;
  await storeItem(item);
  return true;
}

/** Processes a stored webhook event. Safe to run again: every step is idempotent. */
export async function processWebhookEvent(id: string, body?: unknown): Promise<void> {
  // Fresh from the receiver the body is in hand; the sweeper reads it back.
  const event =
    body !== undefined
      ? { status: "PENDING", body, attempts: 0 }
      : await db().webhookEvent.findUnique({
          where: { id },
          select: { status: true, body: true, attempts: true },
        });
  if (event?.status !== "PENDING") return;
  try {
    const envelope: Envelope = envelopeSchema.parse(event.body);
    if (await processSingleMessage(id, envelope)) return;
    let matched = false;
    for (const entry of envelope.entry)
      for (const c of entry.changes) if (await processChange(c.field, c.value, entry.id, id)) matched = true;
    await dbInfra().sql.query(`SELECT sb_finish_webhook_event($1, $2::"WebhookEventStatus")`, [
      id,
      matched ? "PROCESSED" : "ORPHAN",
    ]);
  } catch (e) {
    const attempts = event.attempts + 1;
    console.error(`[ingest] event ${id} attempt ${attempts} failed:`, (e as Error).message);
    await db().webhookEvent.update({
      where: { id },
      data: {
        attempts,
        error: String((e as Error).message).slice(0, 2000),
        status: attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING",
      },
    });
  } finally {
    wakeDispatcher();
  }
}

/**
 * Statuses parked for a message whose send was still committing when they arrived (the two
 * transactions can miss each other): applied once the message is visible.
 */
export async function drainReadyBacklog(limit = 100): Promise<number> {
  const ready = await db().$queryRaw<
    { id: string; wamid: string; conversationId: string; projectId: string }[]
  >`
    SELECT DISTINCT m.id, m.wamid, m."conversationId", m."projectId" FROM "MessageStatusBacklog" b
    JOIN "Message" m ON m.wamid = b.wamid AND m."projectId" = b."projectId"
    WHERE b."createdAt" < now() - interval '2 seconds' LIMIT ${limit}`;
  for (const m of ready) {
    await db().$transaction((tx) => drainStatusBacklog(tx, trustedProjectId(m.projectId), m));
  }
  if (ready.length > 0) wakeDispatcher();
  return ready.length;
}

/** The safety net: events a crash left unprocessed, oldest first. Claimed so instances do not collide. */
export async function processStalePending(olderThanMs = 5000, limit = 100): Promise<number> {
  const before = new Date(Date.now() - olderThanMs);
  const rows = await db().$queryRaw<{ id: string }[]>`
    UPDATE "WebhookEvent" SET "claimedAt" = now() WHERE id IN (
      SELECT id FROM "WebhookEvent" WHERE status = 'PENDING' AND "receivedAt" < ${before}
        AND ("claimedAt" IS NULL OR "claimedAt" < ${before})
      ORDER BY "receivedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED) RETURNING id`;
  for (const r of rows) await processWebhookEvent(r.id);
  return rows.length;
}

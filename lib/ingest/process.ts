import { wakeDispatcher } from "@/lib/events/dispatcher";
import {
  contactSchema,
  type InboundMessage,
  inboundMessageSchema,
  statusSchema,
} from "@/lib/messages/shapes";
import { applyStatuses } from "@/lib/messages/status-mutations";
import {
  type IngestItem,
  ingestItem,
  type SenderProfile,
  storeInboundMessage,
  storeItem,
} from "@/lib/messages/store";
import { type NumberWithSecrets, numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { applyNumberUpdate } from "@/lib/numbers/quality-mutations";
import { applyTemplateUpdate } from "@/lib/templates/webhook-mutations";
import { type Envelope, envelopeSchema } from "./envelope";
import { claimStaleEvents, eventProjectId, finishEvent, loadEvent, recordEventFailure } from "./event-store";
import { fetchInboundMedia, MEDIA_TYPES } from "./media";

// The webhook door's processing: route each change of a stored event to the domain that owns it
// (messages and statuses to lib/messages, template and number updates to theirs).

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

/**
 * The WABA's numbers in the project the receiver verified the event for: a number of another project
 * that claims the same WABA id must not receive (or forge) this account's updates.
 */
async function wabaNumbersOfEvent(wabaId: string, eventId: string): Promise<NumberWithSecrets[]> {
  const projectId = await eventProjectId(eventId);
  return (await numbersByWaba(wabaId)).filter((n) => n.projectId === projectId);
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
    const statuses = Array.isArray(value.statuses) ? value.statuses : [];
    if (statuses.length)
      await applyStatuses(
        number,
        statuses.map((raw) => statusSchema.parse(raw)),
      );
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
  const event = body !== undefined ? { status: "PENDING", body, attempts: 0 } : await loadEvent(id);
  if (event?.status !== "PENDING") return;
  try {
    const envelope: Envelope = envelopeSchema.parse(event.body);
    if (await processSingleMessage(id, envelope)) return;
    let matched = false;
    for (const entry of envelope.entry)
      for (const c of entry.changes) if (await processChange(c.field, c.value, entry.id, id)) matched = true;
    await finishEvent(id, matched ? "PROCESSED" : "ORPHAN");
  } catch (e) {
    const attempts = event.attempts + 1;
    console.error(`[ingest] event ${id} attempt ${attempts} failed:`, (e as Error).message);
    await recordEventFailure(id, attempts, String((e as Error).message), attempts >= MAX_ATTEMPTS);
  } finally {
    wakeDispatcher();
  }
}

/** The safety net: events a crash left unprocessed, oldest first. Claimed so instances do not collide. */
export async function processStalePending(olderThanMs = 5000, limit = 100): Promise<number> {
  const ids = await claimStaleEvents(olderThanMs, limit);
  for (const id of ids) await processWebhookEvent(id);
  return ids.length;
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { EventRow } from "@/lib/events/subscribers";
import type { UserInput } from "../steps/execute";
import { deliverUserInput, liveExecutionFor } from "./parked-mutations";
import { startExecution } from "./start-mutations";

// What the engine does with committed outbox events (lib/workflows/engine/subscriber.ts hands them
// over inside the dispatch transaction, so starting or resuming an execution and moving the cursor
// commit together: a kill -9 redelivers the batch, and nothing has happened twice).

type Tx = Prisma.TransactionClient;

/** The events a WhatsApp event trigger may start an observer execution on (kapso-spec §3.6). */
export const OBSERVED_EVENTS = new Set([
  "whatsapp.message.received",
  "whatsapp.message.sent",
  "whatsapp.message.delivered",
  "whatsapp.message.read",
  "whatsapp.message.failed",
  "whatsapp.conversation.created",
  "whatsapp.conversation.ended",
]);

/** What a customer's message says, as a wait step saves it. */
export function inputOf(type: string, content: Record<string, unknown>, messageId: string): UserInput {
  const at = (k: string) =>
    content[k] && typeof content[k] === "object" ? (content[k] as Record<string, unknown>) : {};
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  switch (type) {
    case "text":
      return { text: s(at("text").body), type, messageId };
    case "interactive": {
      const i = at("interactive");
      const reply = (i.button_reply ?? i.list_reply ?? {}) as Record<string, unknown>;
      return { text: s(reply.title), type, messageId, choiceId: s(reply.id) || null };
    }
    case "button": {
      const b = at("button");
      return { text: s(b.text), type, messageId, choiceId: s(b.payload) || null };
    }
    case "location": {
      const l = at("location");
      return { text: [l.latitude, l.longitude].filter((x) => x !== undefined).join(","), type, messageId };
    }
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker":
      return { text: s(at(type).caption), type, messageId };
    case "reaction":
      return { text: s(at("reaction").emoji), type, messageId };
    default:
      return { text: "", type, messageId };
  }
}

/**
 * A customer's message: it goes to the conversation's live execution (resuming a wait), is left to the
 * person who took over (handoff), or starts the workflow whose inbound trigger holds the number.
 */
export async function routeInbound(tx: Tx, e: EventRow): Promise<string> {
  const { messageId, conversationId, phoneNumberId } = e.payload;
  if (!messageId || !conversationId || !phoneNumberId) return "skipped";
  const msg = await tx.message.findUnique({
    where: { id: messageId },
    select: { type: true, content: true, direction: true },
  });
  if (msg?.direction !== "INBOUND") return "skipped";
  if (msg.type === "reaction" || msg.type === "system") return "skipped";
  const input = inputOf(msg.type, (msg.content ?? {}) as Record<string, unknown>, messageId);
  const live = await liveExecutionFor(tx, conversationId);
  if (live) {
    if (live.status === "HANDOFF") return "handoff";
    return deliverUserInput(tx, live.id, input);
  }
  const trigger = await tx.workflowTrigger.findFirst({
    where: {
      projectId: e.projectId,
      type: "INBOUND_MESSAGE",
      phoneNumberId,
      active: true,
      workflow: { status: "ACTIVE" },
    },
    select: { workflowId: true },
  });
  if (!trigger) return "no_trigger";
  const started = await startExecution(tx, {
    projectId: e.projectId,
    workflowId: trigger.workflowId,
    triggerType: "inbound_message",
    conversationId,
    phoneNumberId,
    lastUserInput: input.text,
  });
  return started ? "started" : "inactive";
}

/**
 * "projectId type" pairs of these events that some active event trigger watches (whatever its number):
 * the events worth runEventTriggers' own query.
 */
export async function watchedEvents(tx: Tx, events: EventRow[]): Promise<Set<string>> {
  const observed = events.filter((e) => OBSERVED_EVENTS.has(e.type));
  if (observed.length === 0) return new Set();
  const rows = await tx.workflowTrigger.findMany({
    where: {
      projectId: { in: [...new Set(observed.map((e) => e.projectId))] },
      type: "WHATSAPP_EVENT",
      eventType: { in: [...new Set(observed.map((e) => e.type))] },
      active: true,
      workflow: { status: "ACTIVE" },
    },
    select: { projectId: true, eventType: true },
    distinct: ["projectId", "eventType"],
  });
  return new Set(rows.map((r) => `${r.projectId} ${r.eventType}`));
}

/** WhatsApp event triggers: each matching one starts an observer execution (sends skipped unless addressed). */
export async function runEventTriggers(tx: Tx, e: EventRow): Promise<number> {
  if (!OBSERVED_EVENTS.has(e.type)) return 0;
  const { phoneNumberId, conversationId, messageId } = e.payload;
  const triggers = await tx.workflowTrigger.findMany({
    where: {
      projectId: e.projectId,
      type: "WHATSAPP_EVENT",
      eventType: e.type,
      active: true,
      workflow: { status: "ACTIVE" },
      OR: [{ phoneNumberId: null }, ...(phoneNumberId ? [{ phoneNumberId }] : [])],
    },
    select: { workflowId: true },
  });
  if (triggers.length === 0) return 0;
  const conversation = conversationId
    ? await tx.conversation.findUnique({
        where: { id: conversationId },
        select: { id: true, status: true, contact: { select: { waId: true, bsuid: true } } },
      })
    : null;
  const message = messageId
    ? await tx.message.findUnique({
        where: { id: messageId },
        select: { id: true, wamid: true, type: true, content: true, idempotencyKey: true, direction: true },
      })
    : null;
  // A workflow's own sends must not start it again (an observer on "sent" that sends would loop).
  const senderWorkflow = message?.idempotencyKey?.startsWith("wf:")
    ? (
        await tx.workflowExecution.findUnique({
          where: { id: message.idempotencyKey.split(":")[1] ?? "" },
          select: { workflowId: true },
        })
      )?.workflowId
    : undefined;
  let n = 0;
  for (const t of triggers) {
    if (t.workflowId === senderWorkflow) continue;
    const content = (message?.content ?? {}) as Record<string, unknown>;
    const started = await startExecution(tx, {
      projectId: e.projectId,
      workflowId: t.workflowId,
      triggerType: "whatsapp_event",
      conversationId: conversation?.id ?? null,
      phoneNumberId: phoneNumberId ?? null,
      observer: true,
      lastUserInput:
        message && message.direction === "INBOUND" ? inputOf(message.type, content, message.id).text : null,
      system: {
        event: {
          type: e.type,
          payload: e.payload,
          conversation: conversation
            ? {
                id: conversation.id,
                phone_number: conversation.contact.waId ?? conversation.contact.bsuid,
                status: conversation.status.toLowerCase(),
              }
            : null,
          message: message ? { id: message.wamid ?? message.id, type: message.type, ...content } : null,
        },
      },
    });
    if (started) n++;
  }
  return n;
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { emit } from "@/lib/events/outbox";
import type { EventRow } from "@/lib/events/subscribers";
import { runAt } from "@/lib/jobs/enqueue";
import { inactivityJob } from "./job-defs";

// whatsapp.conversation.inactive (spec §1.6): a conversation silent for a webhook's inactivity_minutes.
// Each message arms a durable timer per subscribed webhook, keyed by the message (arming twice is one
// timer); a timer whose message is no longer the conversation's last does nothing, so a new message
// reschedules; the one for the last message emits the event once, for that webhook only.

type Tx = Prisma.TransactionClient;

const INACTIVE = "whatsapp.conversation.inactive";
/** Messages that break the silence. */
const MESSAGE_EVENTS = new Set(["whatsapp.message.received", "whatsapp.message.sent"]);

function minuteMs(): number {
  return env().WEBHOOK_INACTIVITY_MINUTE_SECONDS * 1000;
}

/** A kapso webhook as the inactivity timers need it. */
export interface InactivityHook {
  id: string;
  projectId: string;
  phoneNumberId: string | null;
  events: string[];
  inactivityMinutes: number;
}

/**
 * In the dispatch transaction: arms (or re-arms) the inactivity timers of a batch's message events.
 * `active`: the active, unpaused kapso webhooks of the batch's projects, when the caller has read them
 * already (the dispatch transaction reads them once for every use).
 */
export async function armInactivity(tx: Tx, events: EventRow[], active?: InactivityHook[]): Promise<void> {
  const messages = events.filter(
    (e) => MESSAGE_EVENTS.has(e.type) && e.payload.conversationId && e.payload.messageId,
  );
  if (messages.length === 0) return;
  const numberIds = [...new Set(messages.map((e) => e.payload.phoneNumberId as string))];
  const hooks = active
    ? active.filter(
        (h) => h.phoneNumberId !== null && numberIds.includes(h.phoneNumberId) && h.events.includes(INACTIVE),
      )
    : await tx.webhook.findMany({
        where: {
          kind: "kapso",
          active: true,
          pausedAt: null,
          phoneNumberId: { in: numberIds },
          events: { has: INACTIVE },
        },
        select: { id: true, projectId: true, phoneNumberId: true, inactivityMinutes: true },
      });
  if (hooks.length === 0) return;
  // The last message of each (webhook, conversation) in the batch is the one that counts.
  const last = new Map<string, { hook: (typeof hooks)[number]; e: EventRow }>();
  for (const e of messages)
    for (const h of hooks)
      if (h.phoneNumberId === e.payload.phoneNumberId && h.projectId === e.projectId)
        last.set(`${h.id}:${e.payload.conversationId}`, { hook: h, e });
  for (const { hook, e } of last.values()) {
    const messageId = e.payload.messageId as string;
    await runAt(
      inactivityJob,
      { webhookId: hook.id, conversationId: e.payload.conversationId as string, messageId },
      new Date(e.createdAt.getTime() + hook.inactivityMinutes * minuteMs()),
      `inactive:${hook.id}:${messageId}`,
      tx,
    );
  }
}

/** A timer's end: emits the event if the conversation is still silent since that message. */
export async function fireInactivity(t: {
  webhookId: string;
  conversationId: string;
  messageId: string;
}): Promise<{ fired: boolean }> {
  return db().$transaction(async (tx) => {
    // Serialises this conversation's timers (a retried job and a late one cannot both emit).
    const [conv] = await tx.$queryRaw<{ projectId: string; phoneNumberId: string }[]>`
      SELECT "projectId", "phoneNumberId" FROM "Conversation" WHERE id = ${t.conversationId} FOR UPDATE`;
    if (!conv) return { fired: false };
    const hook = await tx.webhook.findFirst({
      where: { id: t.webhookId, projectId: conv.projectId, active: true, pausedAt: null },
      select: { events: true, inactivityMinutes: true },
    });
    if (!hook?.events.includes(INACTIVE)) return { fired: false };
    const [latest] = await tx.$queryRaw<{ id: string; createdAt: Date }[]>`
      SELECT id, "createdAt" FROM "Message" WHERE "conversationId" = ${t.conversationId}
      ORDER BY "sentAt" DESC, seq DESC LIMIT 1`;
    // A newer message armed its own timer.
    if (latest?.id !== t.messageId) return { fired: false };
    // Once: a timer run again (a retry after a crash) finds its event already emitted.
    const [done] = await tx.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM "DomainEvent"
      WHERE "projectId" = ${conv.projectId} AND type = ${INACTIVE} AND "createdAt" >= ${latest.createdAt}
        AND payload->>'webhookId' = ${t.webhookId} AND payload->>'sinceMessageId' = ${t.messageId}
      LIMIT 1`;
    if (done) return { fired: false };
    await emit(tx, conv.projectId, INACTIVE, {
      conversationId: t.conversationId,
      phoneNumberId: conv.phoneNumberId,
      sinceMessageId: t.messageId,
      minutes: hook.inactivityMinutes,
      webhookId: t.webhookId,
    });
    return { fired: true };
  });
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { MessageStatus } from "@/generated/prisma/enums";
import { type ProjectId, trustedProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { type StatusUpdate, statusSchema } from "./shapes";
import { appendHistory, META_STATUS, nextStatus, type StatusReport } from "./status-rules";

// Message statuses, for every sender: Meta's reports arrive through the webhook door (lib/ingest)
// and are applied here; a send stores its wamid and applies the reports that raced ahead of it.

type Tx = Prisma.TransactionClient;

type MessageState = {
  id: string;
  status: MessageStatus;
  statusHistory: StatusReport[];
  conversationId: string;
  phoneNumberId: string;
};

/**
 * Applies the status reports of one webhook, in their order, in one transaction (a number that sends
 * fast gets many in one webhook); a report for a message we have not stored yet waits in the backlog.
 */
export async function applyStatuses(number: NumberWithSecrets, statuses: StatusUpdate[]): Promise<void> {
  const known = statuses.filter((st) => META_STATUS[st.status]);
  if (known.length === 0) return;
  await db().$transaction(async (tx) => {
    // Locked in one order (by id) so two webhooks naming the same messages cannot deadlock.
    const rows = await tx.$queryRaw<(MessageState & { wamid: string })[]>`
      SELECT id, wamid, status, "statusHistory", "conversationId", "phoneNumberId" FROM "Message"
      WHERE wamid = ANY(${[...new Set(known.map((st) => st.id))]}::text[]) AND "phoneNumberId" = ${number.id}
      ORDER BY id FOR UPDATE`;
    const byWamid = new Map<string, MessageState>(rows.map(({ wamid, ...m }) => [wamid, m]));
    for (const st of known) {
      const msg = byWamid.get(st.id);
      if (!msg) {
        await tx.messageStatusBacklog.create({
          data: {
            projectId: number.projectId,
            phoneNumberId: number.id,
            wamid: st.id,
            payload: st as Prisma.InputJsonObject,
          },
        });
        continue;
      }
      byWamid.set(
        st.id,
        await applyReport(tx, number.projectId, msg, {
          status: META_STATUS[st.status]!,
          timestamp: st.timestamp,
          errors: st.errors,
          pricing: st.pricing,
          conversation: st.conversation,
        }),
      );
    }
  });
}

async function applyReport(
  tx: Tx,
  projectId: ProjectId,
  msg: MessageState,
  report: StatusReport,
): Promise<MessageState> {
  const history = appendHistory(msg.statusHistory ?? [], report);
  if (history === msg.statusHistory) return msg;
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
  return { ...msg, status: next, statusHistory: history };
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
  const row = await tx.message.findUniqueOrThrow({
    where: { id: message.id },
    select: { id: true, status: true, statusHistory: true, conversationId: true, phoneNumberId: true },
  });
  let current: MessageState = { ...row, statusHistory: row.statusHistory as unknown as StatusReport[] };
  for (const w of waiting) {
    const st = statusSchema.parse(w.payload);
    const status = META_STATUS[st.status];
    if (status)
      current = await applyReport(tx, projectId, current, {
        status,
        timestamp: st.timestamp,
        errors: st.errors,
        pricing: st.pricing,
      });
  }
  await tx.messageStatusBacklog.deleteMany({ where: { id: { in: waiting.map((w) => w.id) } } });
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

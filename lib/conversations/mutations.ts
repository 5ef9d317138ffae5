import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { emit } from "@/lib/events/outbox";

/** Ends conversations with no message for CONVERSATION_INACTIVITY_HOURS (run every minute). */
export async function endInactiveConversations(): Promise<number> {
  const before = new Date(Date.now() - env().CONVERSATION_INACTIVITY_HOURS * 3600_000);
  const stale = await db().conversation.findMany({
    where: { status: "ACTIVE", lastMessageAt: { lt: before } },
    select: { id: true, projectId: true, phoneNumberId: true },
    take: 500,
  });
  for (const c of stale) {
    await db().$transaction(async (tx) => {
      const r = await tx.conversation.updateMany({
        where: { id: c.id, status: "ACTIVE" },
        data: { status: "ENDED", endedAt: new Date() },
      });
      if (r.count === 1) {
        await emit(tx, c.projectId, "whatsapp.conversation.ended", {
          conversationId: c.id,
          phoneNumberId: c.phoneNumberId,
          reason: "inactive",
        });
      }
    });
  }
  return stale.length;
}

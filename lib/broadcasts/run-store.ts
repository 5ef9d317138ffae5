import "@/lib/server-only";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";

/** A scheduled broadcast whose timer fired: it starts sending (once; a stale generation does nothing). */
export async function startScheduled(broadcastId: string, generation: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const n = await tx.broadcast.updateMany({
      where: { id: broadcastId, status: "SCHEDULED", runGeneration: generation },
      data: { status: "SENDING", startedAt: new Date() },
    });
    if (n.count === 1) {
      const b = await tx.broadcast.findUniqueOrThrow({
        where: { id: broadcastId },
        select: { projectId: true },
      });
      await emit(tx, b.projectId, "broadcast.updated", { broadcastId, status: "sending" });
    }
  });
}

export async function stillSending(broadcastId: string, generation: number): Promise<boolean> {
  const b = await db().broadcast.findUnique({
    where: { id: broadcastId },
    select: { status: true, runGeneration: true },
  });
  return b?.status === "SENDING" && b.runGeneration === generation;
}

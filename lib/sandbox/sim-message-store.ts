import "@/lib/server-only";
import { db } from "@/lib/db/client";

/** The simulator's own record of where its sent messages are (the phone view reads it). */
export async function markSandboxStatus(wamids: string[], status: string): Promise<void> {
  await db().sandboxMessage.updateMany({ where: { wamid: { in: wamids } }, data: { status } });
}

import "@/lib/server-only";
import { db } from "@/lib/db/client";

// Counts webhooks refused for a bad signature per number of ours and hour, so the inbound log can tell an
// admin "Meta sent +1 555… webhooks its app secret did not sign" (a wrong app secret looks exactly like
// that). Refused requests are unauthenticated, so they must not buy a database write each: counts gather
// in memory and one upsert per number writes them at most every FLUSH_MS. Bodies are never kept.

const FLUSH_MS = 5_000;
/** Numbers with counts waiting at most (the refused requests named real numbers of ours: bounded anyway). */
const MAX_PENDING = 1_000;

interface Pending {
  projectId: string;
  count: number;
  timer: NodeJS.Timeout;
}
const pending = new Map<string, Pending>();

const key = (phoneNumberId: string, reason: string) => `${phoneNumberId}\u0000${reason}`;

async function write(phoneNumberId: string, reason: string, projectId: string, count: number, at: Date) {
  const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  await db().$executeRaw`
    INSERT INTO "WebhookRejection" (id, "projectId", "phoneNumberId", reason, hour, count, "lastAt")
    VALUES (${crypto.randomUUID()}, ${projectId}, ${phoneNumberId}, ${reason}, ${hour}, ${count}, ${at})
    ON CONFLICT ("phoneNumberId", reason, hour)
    DO UPDATE SET count = "WebhookRejection".count + EXCLUDED.count, "lastAt" = EXCLUDED."lastAt"`;
}

/** Notes one refused webhook that named this number. Never throws, never waits for the database. */
export function noteRejected(number: { id: string; projectId: string }, reason: string): void {
  const k = key(number.id, reason);
  const p = pending.get(k);
  if (p) {
    p.count++;
    return;
  }
  if (pending.size >= MAX_PENDING) return;
  const entry: Pending = {
    projectId: number.projectId,
    count: 1,
    timer: setTimeout(() => {
      pending.delete(k);
      write(number.id, reason, entry.projectId, entry.count, new Date()).catch((e) =>
        console.error("[webhooks] could not count a refused webhook:", (e as Error).message),
      );
    }, FLUSH_MS),
  };
  entry.timer.unref();
  pending.set(k, entry);
}

export interface RejectionDto {
  phone_number_id: string;
  reason: string;
  count: number;
  last_at: string;
}

/** The last day's refusals of a project, newest first, summed per number and reason. */
export async function listRejections(projectId: string, since = new Date(Date.now() - 86_400_000)) {
  const rows = await db().$queryRaw<{ phoneNumberId: string; reason: string; count: bigint; lastAt: Date }[]>`
    SELECT "phoneNumberId", reason, sum(count) AS count, max("lastAt") AS "lastAt" FROM "WebhookRejection"
    WHERE "projectId" = ${projectId} AND "lastAt" >= ${since}
    GROUP BY "phoneNumberId", reason ORDER BY max("lastAt") DESC LIMIT 50`;
  return rows.map(
    (r): RejectionDto => ({
      phone_number_id: r.phoneNumberId,
      reason: r.reason,
      count: Number(r.count),
      last_at: r.lastAt.toISOString(),
    }),
  );
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";

// What Meta holds about a sandbox number beyond Switchboard's row (its verified name, a display-name
// change under review, whether the app is subscribed), read and written in the caller's transaction.

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

export interface NumberState {
  verified_name?: string;
  name_status?: string;
  new_display_name?: string;
  new_name_status?: string;
  /** When the pending request was made: its review is fenced on it. */
  new_name_requested_at?: string;
  unsubscribed?: boolean;
}

export async function readNumberState(phoneNumberId: string, client: Client = db()): Promise<NumberState> {
  const row = await client.sandboxNumberState.findUnique({ where: { phoneNumberId } });
  return (row?.data as NumberState | undefined) ?? {};
}

export async function writeNumberState(phoneNumberId: string, patch: NumberState, client: Client = db()) {
  const data = { ...(await readNumberState(phoneNumberId, client)), ...patch } as Prisma.InputJsonObject;
  await client.sandboxNumberState.upsert({
    where: { phoneNumberId },
    update: { data },
    create: { phoneNumberId, data },
  });
}

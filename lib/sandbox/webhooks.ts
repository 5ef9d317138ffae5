import { env } from "@/lib/env";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { envelope, messagesChange, signBody } from "./payloads";

/**
 * Delivers a webhook from the simulator to the app's own receiver, signed with the sandbox number's
 * app secret: from here on a sandbox event takes exactly the path a live one does.
 */
export async function deliverWebhook(number: NumberWithSecrets, body: unknown): Promise<number> {
  if (!number.appSecret) throw new Error("sandbox number has no app secret");
  const text = JSON.stringify(body);
  const res = await fetch(`${env().INTERNAL_URL}/api/webhooks/whatsapp`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(text, number.appSecret) },
    body: text,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}

export function deliverMessagesChange(
  number: NumberWithSecrets,
  value: Parameters<typeof messagesChange>[1],
) {
  return deliverWebhook(number, envelope(number.wabaId, [messagesChange(number, value)]));
}

/** Fire-and-forget with a log line: the simulator's webhooks must never break the request that caused them. */
export function later(ms: number, task: () => Promise<unknown>): void {
  const t = setTimeout(() => {
    task().catch((e: unknown) => console.error("[sandbox] webhook:", (e as Error).message));
  }, ms);
  t.unref?.();
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { ingestFresh } from "./batcher";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "./receive";

export const WEBHOOK_PATH = "/api/webhooks/whatsapp";

function reply(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Signed webhook delivery, served by server.ts ahead of Next: Next's route layer alone cost more than
 * the whole ingest budget (bench/ingest.ts). Verify, store, answer 200, then process: a crash after the
 * 200 loses nothing (the stored event is picked up by the sweeper).
 */
export async function handleWebhookPost(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BYTES) {
    reply(res, 413, { error: "Payload larger than 3 MB" });
    req.resume();
    return;
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_WEBHOOK_BYTES) {
        reply(res, 413, { error: "Payload larger than 3 MB" });
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const signature = req.headers["x-hub-signature-256"];
    const r = await receiveWebhook(Buffer.concat(chunks), typeof signature === "string" ? signature : null);
    if (r.status !== 200) return reply(res, r.status, { error: r.error });
    reply(res, 200, { received: true });
    const { eventId, body } = r;
    if (eventId && !r.orphan) setImmediate(() => void ingestFresh(eventId, body));
  } catch (e) {
    if (res.headersSent || res.destroyed) return; // answered already, or the sender went away
    // Data Postgres refuses (class 22, e.g. a NUL in the text) would fail on every retry: say so once.
    if (String((e as { code?: string }).code ?? "").startsWith("22")) {
      return reply(res, 400, {
        error: "Payload contains data that cannot be stored (such as a NUL character)",
      });
    }
    // The database is unreachable: Meta retries anything but 2xx, so nothing is lost.
    console.error("[webhooks] could not store event:", (e as Error).message);
    reply(res, 503, { error: "Temporarily unavailable" });
  }
}

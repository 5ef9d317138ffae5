import { NextResponse } from "next/server";
import { defer } from "@/lib/http/defer";
import { processWebhookEvent } from "@/lib/ingest/process";
import { MAX_WEBHOOK_BYTES, receiveWebhook } from "@/lib/ingest/receive";
import { verifyHandshake } from "@/lib/ingest/verify-token";

export const dynamic = "force-dynamic";

/** Meta's subscription handshake: echo hub.challenge when the verify token is ours. */
export async function GET(req: Request) {
  const q = new URL(req.url).searchParams;
  if (await verifyHandshake(q.get("hub.mode"), q.get("hub.verify_token"))) {
    return new Response(q.get("hub.challenge") ?? "", {
      status: 200,
      headers: { "content-type": "text/plain" },
    });
  }
  return new Response("Verify token does not match", {
    status: 403,
    headers: { "content-type": "text/plain" },
  });
}

/** Signed event delivery: verify, store, answer 200, then process (a crash after the 200 loses nothing). */
export async function POST(req: Request) {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) {
    return NextResponse.json({ error: "Payload larger than 3 MB" }, { status: 413 });
  }
  try {
    const raw = Buffer.from(await req.arrayBuffer());
    const r = await receiveWebhook(raw, req.headers.get("x-hub-signature-256"));
    if (r.status !== 200) return NextResponse.json({ error: r.error }, { status: r.status });
    const id = r.eventId;
    if (id && !r.orphan) defer(() => processWebhookEvent(id));
    return NextResponse.json({ received: true });
  } catch (e) {
    // The database is unreachable: Meta retries on anything but 2xx, so nothing is lost.
    console.error("[webhooks] could not store event:", (e as Error).message);
    return NextResponse.json({ error: "Temporarily unavailable" }, { status: 503 });
  }
}

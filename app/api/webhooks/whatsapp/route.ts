import { verifyHandshake } from "@/lib/ingest/handshake";

export const dynamic = "force-dynamic";

// POST deliveries are served by server.ts ahead of Next (lib/ingest/node-handler.ts); this route
// answers Meta's subscription handshake.

/** Echo hub.challenge when the verify token is ours. */
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

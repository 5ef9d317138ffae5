import { z } from "zod";
import { env } from "@/lib/env";
import { defineRoute, methods } from "@/lib/http/define-route";
import { verifyTokenHashKnown } from "@/lib/numbers/data";
import { hashVerifyToken, sameHash } from "@/lib/numbers/verify-token";

/** Meta's GET handshake: the token must be the app's or one of our numbers' verify tokens. */
export async function verifyHandshake(mode: string | null, token: string | null): Promise<boolean> {
  if (mode !== "subscribe" || !token) return false;
  const hash = hashVerifyToken(token);
  const appToken = env().META_VERIFY_TOKEN;
  if (appToken && sameHash(hash, hashVerifyToken(appToken))) return true;
  const known = await verifyTokenHashKnown(hash);
  return !!known && sameHash(hash, known);
}

// GET /api/webhooks/whatsapp: Meta's subscription handshake. POST deliveries are served by server.ts
// ahead of Next (lib/ingest/node-handler.ts, signature-verified); other methods get a JSON 405.

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain" } });

export const webhookHandshake = methods(
  {
    GET: defineRoute(
      {
        auth: "public",
        errorShape: "dashboard",
        query: z.object({
          "hub.mode": z.string().max(64).optional(),
          "hub.verify_token": z.string().max(512).optional(),
          "hub.challenge": z.string().max(512).optional(),
        }),
      },
      async ({ query }) =>
        (await verifyHandshake(query["hub.mode"] ?? null, query["hub.verify_token"] ?? null))
          ? text(query["hub.challenge"] ?? "", 200)
          : text("Verify token does not match", 403),
    ),
  },
  "dashboard",
);

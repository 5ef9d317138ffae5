import "@/lib/server-only";
import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { defineRoute, methods } from "@/lib/http/define-route";
import { readJson } from "@/lib/http/input";
import { checkCrossSite } from "@/lib/http/origin";
import { resolveSetupToken } from "./data";
import { completeSetupLink, failureRedirect, SetupFailure } from "./setup-mutations";

// POST /api/setup/{token}: the hosted setup page's connect. No sign-in: the token in the path is the
// credential (256 random bits, stored as a hash). Only the page itself may post (same-origin check).

const metaId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, `${what} is 5–20 digits, from Meta's app dashboard`);

const body = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("sandbox") }),
    z.object({
      type: z.enum(["dedicated", "coexistence"]),
      phoneNumberId: metaId("Phone number ID"),
      wabaId: metaId("WhatsApp Business Account ID"),
      accessToken: z
        .string()
        .trim()
        .min(20, "Paste the permanent access token of your Meta system user")
        .max(2048),
      appSecret: z
        .string()
        .trim()
        .regex(/^[a-f0-9]{32}$/i, "The app secret is 32 hexadecimal characters (App settings → Basic)"),
      verifyToken: z.string().trim().min(8, "At least 8 characters").max(128),
    }),
  ],
  { message: "type must be sandbox, dedicated or coexistence" },
);

export const setupConnectRoute = methods(
  {
    POST: defineRoute(
      {
        auth: "public",
        errorShape: "dashboard",
        params: z.object({ token: z.string().min(1).max(200) }),
        // Read by the handler after the origin check: a post from another site is refused unread.
        rawBody: true,
        bodyLimit: 64 * 1024,
      },
      async (ctx) => {
        checkCrossSite(ctx.req);
        const input = parseOrThrow(body, await readJson(ctx.req, { maxBytes: 64 * 1024, object: true }));
        try {
          const r = await completeSetupLink(ctx.params.token, input);
          return {
            status: "completed",
            redirectUrl: r.redirectUrl,
            phoneNumberId: r.phoneNumberId,
            displayPhoneNumber: r.displayPhoneNumber,
          };
        } catch (e) {
          if (!(e instanceof SetupFailure)) throw e;
          const link = await resolveSetupToken(ctx.params.token);
          return Response.json(
            {
              error: e.message,
              code: e.setupCode,
              fields: e.fields,
              // Link-level failures end the flow; a refused credential can be corrected and retried.
              final: e.setupCode === "already_used" || e.setupCode === "link_expired",
              redirectUrl: link ? failureRedirect(link, e.setupCode) : null,
            },
            { status: e.status },
          );
        }
      },
    ),
  },
  "dashboard",
);

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import type { Actor, Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { connectLiveNumber } from "@/lib/numbers/mutations";
import { createSandboxNumber } from "@/lib/numbers/sandbox-mutations";
import { resolveSetupToken, type SetupLinkDto, setupLinkStatus } from "./data";

// The hosted setup page's side: a customer with a link's token connects a number, and is sent on to
// the link's success or failure URL with Kapso's query.

/** Kapso's failure codes for the redirect's `error_code`. */
export type SetupErrorCode =
  | "facebook_auth_failed"
  | "phone_verification_failed"
  | "waba_limit_reached"
  | "token_exchange_failed"
  | "link_expired"
  | "already_used";

export class SetupFailure extends AppError {
  constructor(
    readonly setupCode: SetupErrorCode,
    message: string,
    opts: { fields?: Record<string, string>; status?: number } = {},
  ) {
    super("validation", message, { status: opts.status ?? 422, fields: opts.fields });
  }
}

/** How a connect's refusal reads as one of Kapso's error codes. */
function setupCodeOf(e: AppError): SetupErrorCode {
  const f = e.fields ?? {};
  if (e.code === "unavailable") return "token_exchange_failed";
  if (e.code === "conflict" && f.wabaId) return "waba_limit_reached";
  if (f.accessToken) return "facebook_auth_failed";
  return "phone_verification_failed";
}

export type SetupConnection =
  | { type: "sandbox" }
  | {
      type: "dedicated" | "coexistence";
      phoneNumberId: string;
      wabaId: string;
      accessToken: string;
      appSecret: string;
      verifyToken: string;
    };

export interface SetupResult {
  setupLinkId: string;
  numberId: string;
  phoneNumberId: string;
  businessAccountId: string;
  displayPhoneNumber: string;
  redirectUrl: string | null;
}

function withQuery(base: string, params: Record<string, string>): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Where the customer goes after a failure, with Kapso's query, or null without a failure URL. */
export function failureRedirect(link: SetupLinkDto, code: SetupErrorCode): string | null {
  return link.failureRedirectUrl
    ? withQuery(link.failureRedirectUrl, { setup_link_id: link.id, status: "failed", error_code: code })
    : null;
}

/**
 * The hosted page's connect (no sign-in; the token is the credential). The link is claimed in the same
 * transaction that stores the number, so two tabs submitting at once connect one number; a live number's
 * credentials go through the Numbers page's checks against Graph (lib/numbers).
 */
export async function completeSetupLink(token: string, connection: SetupConnection): Promise<SetupResult> {
  const link = await resolveSetupToken(token);
  if (!link) throw new AppError("not_found", "This setup link does not exist.");
  const status = setupLinkStatus(link);
  if (status === "used") throw new SetupFailure("already_used", "This setup link was already used.");
  if (status !== "active")
    throw new SetupFailure("link_expired", "This setup link has expired or was replaced by a newer one.");
  if (!link.allowedConnectionTypes.includes(connection.type))
    throw new AppError("validation", "This link does not allow that kind of connection.", {
      fields: { type: "Not allowed by this link" },
    });
  const scope: Scope = { projectId: link.projectId };
  const actor: Actor = { kind: "system" };
  const claim = async (tx: Prisma.TransactionClient, numberId: string) => {
    const won = await tx.setupLink.updateMany({
      where: { id: link.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date(), phoneNumberId: numberId },
    });
    if (won.count !== 1) throw new SetupFailure("already_used", "This setup link was already used.");
    await audit(tx, link.projectId, {
      action: "setup_link.completed",
      targetType: "customer",
      targetId: link.customerId,
      data: { setupLinkId: link.id, numberId, type: connection.type },
    });
  };
  let numberId: string;
  if (connection.type === "sandbox") {
    numberId = await db().$transaction(async (tx) => {
      const n = await createSandboxNumber(
        tx,
        link.projectId,
        link.customerName.slice(0, 60),
        link.customerId,
      );
      await claim(tx, n.id);
      return n.id;
    });
  } else {
    try {
      const n = await connectLiveNumber(
        scope,
        actor,
        {
          phoneNumberId: connection.phoneNumberId,
          wabaId: connection.wabaId,
          accessToken: connection.accessToken,
          appSecret: connection.appSecret,
          verifyToken: connection.verifyToken,
        },
        { customerId: link.customerId, inTransaction: (tx, created) => claim(tx, created.id) },
      );
      numberId = n.id;
    } catch (e) {
      if (e instanceof SetupFailure || !(e instanceof AppError)) throw e;
      throw new SetupFailure(setupCodeOf(e), e.message, { fields: e.fields });
    }
  }
  const n = await db().phoneNumber.findUniqueOrThrow({
    where: { id: numberId },
    select: { phoneNumberId: true, wabaId: true, displayPhoneNumber: true },
  });
  const result = {
    setupLinkId: link.id,
    numberId,
    phoneNumberId: n.phoneNumberId,
    businessAccountId: n.wabaId,
    displayPhoneNumber: n.displayPhoneNumber,
  };
  return {
    ...result,
    redirectUrl: link.successRedirectUrl
      ? withQuery(link.successRedirectUrl, {
          setup_link_id: result.setupLinkId,
          status: "completed",
          phone_number_id: result.phoneNumberId,
          business_account_id: result.businessAccountId,
          display_phone_number: result.displayPhoneNumber,
        })
      : null,
  };
}

import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  getCustomer,
  getSetupLink,
  hashSetupToken,
  type SetupLinkDto,
  setupLinkSelect,
  setupLinkUrl,
  toSetupLinkDto,
} from "./data";
import type { SetupLinkInput } from "./schema";

// A customer's hosted onboarding links, as the project manages them: create (revoking the open one),
// change, revoke. Using one is setup-mutations.ts.

/** A link lives this long (Kapso: 30 days). */
export const SETUP_LINK_DAYS = 30;

/**
 * Creates a hosted onboarding link for a customer; any earlier link of theirs that is still open is
 * revoked in the same transaction. The token is returned once; only its hash is stored.
 */
export async function createSetupLink(
  scope: Scope,
  actor: Actor,
  input: SetupLinkInput & { customerId: string },
): Promise<{ link: SetupLinkDto; token: string; url: string }> {
  const { projectId } = scope;
  await getCustomer(projectId, input.customerId);
  const token = `sbs_${randomBytes(32).toString("base64url")}`;
  const now = new Date();
  const row = await db().$transaction(async (tx) => {
    await tx.setupLink.updateMany({
      where: { projectId, customerId: input.customerId, usedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const created = await tx.setupLink.create({
      data: {
        projectId,
        customerId: input.customerId,
        tokenHash: hashSetupToken(token),
        tokenPrefix: token.slice(0, 10),
        successRedirectUrl: input.successRedirectUrl ?? null,
        failureRedirectUrl: input.failureRedirectUrl ?? null,
        language: input.language ?? "en",
        allowedConnectionTypes: input.allowedConnectionTypes ?? ["sandbox", "dedicated"],
        primaryColor: input.primaryColor ?? null,
        expiresAt: new Date(now.getTime() + SETUP_LINK_DAYS * 86_400_000),
      },
      select: setupLinkSelect,
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "setup_link.created",
      targetType: "customer",
      targetId: input.customerId,
      data: { setupLinkId: created.id },
    });
    return created;
  });
  return { link: toSetupLinkDto(row), token, url: setupLinkUrl(token) };
}

/** Changes an open link's settings, or revokes it (`revoke: true`). A used link cannot change. */
export async function updateSetupLink(
  scope: Scope,
  actor: Actor,
  input: SetupLinkInput & { setupLinkId: string; revoke?: boolean },
): Promise<SetupLinkDto> {
  const { projectId } = scope;
  const current = await getSetupLink(projectId, input.setupLinkId);
  if (current.status === "used")
    throw new AppError("conflict", "This setup link was already used; create a new one.");
  await db().$transaction(async (tx) => {
    await tx.setupLink.update({
      where: { id: current.id },
      data: {
        ...(input.successRedirectUrl !== undefined ? { successRedirectUrl: input.successRedirectUrl } : {}),
        ...(input.failureRedirectUrl !== undefined ? { failureRedirectUrl: input.failureRedirectUrl } : {}),
        ...(input.language !== undefined ? { language: input.language } : {}),
        ...(input.allowedConnectionTypes !== undefined
          ? { allowedConnectionTypes: input.allowedConnectionTypes }
          : {}),
        ...(input.primaryColor !== undefined ? { primaryColor: input.primaryColor } : {}),
        ...(input.revoke && !current.revokedAt ? { revokedAt: new Date() } : {}),
      },
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: input.revoke ? "setup_link.revoked" : "setup_link.updated",
      targetType: "customer",
      targetId: current.customerId,
      data: { setupLinkId: current.id },
    });
  });
  return getSetupLink(projectId, current.id);
}

import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { connectLiveNumber } from "@/lib/numbers/mutations";
import { createSandboxNumber } from "@/lib/numbers/sandbox-mutations";
import {
  type CustomerDto,
  getCustomer,
  getSetupLink,
  hashSetupToken,
  resolveSetupToken,
  type SetupLinkDto,
  setupLinkSelect,
  setupLinkStatus,
  setupLinkUrl,
  toSetupLinkDto,
} from "./data";
import type { CustomerInput, SetupLinkInput } from "./schema";

const uniqueViolation = (e: unknown) =>
  e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

const externalIdTaken = () =>
  new AppError("conflict", "Another customer in this project has this external ID.", {
    fields: { externalId: "Already used by another customer" },
  });

export async function createCustomer(scope: Scope, actor: Actor, input: CustomerInput): Promise<CustomerDto> {
  const { projectId } = scope;
  try {
    const created = await db().$transaction(async (tx) => {
      const c = await tx.customer.create({
        data: { projectId, name: input.name, externalId: input.externalId ?? null },
        select: { id: true },
      });
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "customer.created",
        targetType: "customer",
        targetId: c.id,
        data: { name: input.name },
      });
      return c;
    });
    return getCustomer(projectId, created.id);
  } catch (e) {
    throw uniqueViolation(e) ? externalIdTaken() : e;
  }
}

export async function updateCustomer(
  scope: Scope,
  actor: Actor,
  input: Partial<CustomerInput> & { customerId: string },
): Promise<CustomerDto> {
  const { projectId } = scope;
  await getCustomer(projectId, input.customerId);
  try {
    await db().$transaction(async (tx) => {
      await tx.customer.update({
        where: { id: input.customerId },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
        },
      });
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "customer.updated",
        targetType: "customer",
        targetId: input.customerId,
      });
    });
  } catch (e) {
    throw uniqueViolation(e) ? externalIdTaken() : e;
  }
  return getCustomer(projectId, input.customerId);
}

export interface CustomerDeletion {
  /** Numbers that stay in the project, now without a customer. */
  numbersDetached: number;
  /** Inbox embeds scoped to the customer: deleted, their tokens stop working at once. */
  embedsDeleted: number;
  setupLinksDeleted: number;
}

/**
 * Deletes a customer. Their numbers are NOT deleted: they stay in the project (conversations, history
 * and all) without a customer. Embeds scoped to the customer and its setup links are deleted with it.
 */
export async function deleteCustomer(
  scope: Scope,
  actor: Actor,
  { customerId }: { customerId: string },
): Promise<CustomerDeletion> {
  const { projectId } = scope;
  const customer = await getCustomer(projectId, customerId);
  return db().$transaction(async (tx) => {
    const detached = await tx.phoneNumber.updateMany({
      where: { projectId, customerId },
      data: { customerId: null },
    });
    const embeds = await tx.inboxEmbed.findMany({
      where: { projectId, customerId },
      select: { id: true, revokedAt: true },
    });
    const links = await tx.setupLink.count({ where: { projectId, customerId } });
    await tx.customer.delete({ where: { id: customerId } });
    // Open embed sockets close on these (the realtime subscriber), as on a revoke.
    for (const e of embeds) if (!e.revokedAt) await emit(tx, projectId, "embed.revoked", { embedId: e.id });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "customer.deleted",
      targetType: "customer",
      targetId: customerId,
      data: { name: customer.name, numbersDetached: detached.count, embedsDeleted: embeds.length },
    });
    return { numbersDetached: detached.count, embedsDeleted: embeds.length, setupLinksDeleted: links };
  });
}

async function projectNumberOrThrow(projectId: ProjectId, numberId: string) {
  const n = await db().phoneNumber.findFirst({
    where: { projectId, id: numberId },
    select: { id: true, customerId: true },
  });
  if (!n)
    throw new AppError("not_found", "Number not found.", { fields: { numberId: "Not in this project" } });
  return n;
}

/** Gives a number of the project to a customer (a number belongs to at most one customer). */
export async function attachNumber(
  scope: Scope,
  actor: Actor,
  { customerId, numberId }: { customerId: string; numberId: string },
): Promise<void> {
  const { projectId } = scope;
  await getCustomer(projectId, customerId);
  const n = await projectNumberOrThrow(projectId, numberId);
  if (n.customerId && n.customerId !== customerId)
    throw new AppError("conflict", "This number belongs to another customer; detach it there first.", {
      fields: { numberId: "Belongs to another customer" },
    });
  if (n.customerId === customerId) return;
  await db().$transaction(async (tx) => {
    await tx.phoneNumber.update({ where: { id: n.id }, data: { customerId } });
    await emit(tx, projectId, "whatsapp.phone_number.updated", {
      phoneNumberId: n.id,
      field: "customer",
      customerId,
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "customer.number_attached",
      targetType: "customer",
      targetId: customerId,
      data: { numberId: n.id },
    });
  });
}

export async function detachNumber(
  scope: Scope,
  actor: Actor,
  { customerId, numberId }: { customerId: string; numberId: string },
): Promise<void> {
  const { projectId } = scope;
  await getCustomer(projectId, customerId);
  const n = await projectNumberOrThrow(projectId, numberId);
  if (n.customerId !== customerId)
    throw new AppError("not_found", "This number does not belong to this customer.", {
      fields: { numberId: "Not this customer's" },
    });
  await db().$transaction(async (tx) => {
    await tx.phoneNumber.update({ where: { id: n.id }, data: { customerId: null } });
    await emit(tx, projectId, "whatsapp.phone_number.updated", {
      phoneNumberId: n.id,
      field: "customer",
      customerId: null,
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "customer.number_detached",
      targetType: "customer",
      targetId: customerId,
      data: { numberId: n.id },
    });
  });
}

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

/** Connects a number for a customer through the Platform API: an existing project number is attached; a new one is checked with Meta and stored under the customer. */
export async function connectCustomerNumber(
  scope: Scope,
  actor: Actor,
  input: {
    customerId: string;
    phoneNumberId: string;
    wabaId?: string;
    accessToken?: string;
    appSecret?: string;
    verifyToken?: string;
  },
): Promise<{ id: string }> {
  const { projectId } = scope;
  await getCustomer(projectId, input.customerId);
  const existing = await db().phoneNumber.findFirst({
    where: { projectId, phoneNumberId: input.phoneNumberId },
    select: { id: true },
  });
  if (existing) {
    await attachNumber(scope, actor, { customerId: input.customerId, numberId: existing.id });
    return existing;
  }
  const missing = (["wabaId", "accessToken", "appSecret", "verifyToken"] as const).filter((k) => !input[k]);
  if (missing.length)
    throw new AppError(
      "validation",
      `${missing[0]}: required to connect a number that is not in this project yet`,
      { fields: Object.fromEntries(missing.map((k) => [k, "Required for a new number"])) },
    );
  return connectLiveNumber(
    scope,
    actor,
    {
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId as string,
      accessToken: input.accessToken as string,
      appSecret: input.appSecret as string,
      verifyToken: input.verifyToken as string,
    },
    { customerId: input.customerId },
  );
}

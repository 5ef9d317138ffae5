import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { GraphError, graph } from "@/lib/meta/client";
import { forgetNumber, type NumberWithSecrets } from "./credentials";
import { runHealthCheck } from "./health-mutations";
import { createSandboxNumber } from "./sandbox-mutations";
import type { CreateNumberInput } from "./schema";
import { hashVerifyToken } from "./verify-token";

/**
 * Stores a number as given, without checking it with Meta or writing an audit row: for seeds and tests
 * (users connect numbers with `connectLiveNumber`). Meta credentials are sealed with ENCRYPTION_KEY
 * before they reach the database.
 */
export async function createNumber(projectId: ProjectId, input: CreateNumberInput): Promise<{ id: string }> {
  const key = env().ENCRYPTION_KEY;
  return db().phoneNumber.create({
    data: {
      projectId,
      kind: input.kind,
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayPhoneNumber: input.displayPhoneNumber,
      verifiedName: input.verifiedName,
      customerId: input.customerId,
      accessTokenEnc: input.accessToken ? encryptSecret(input.accessToken, key) : null,
      appSecretEnc: input.appSecret ? encryptSecret(input.appSecret, key) : null,
    },
    select: { id: true },
  });
}

interface NumberDetails {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
  quality_rating?: string;
  messaging_limit_tier?: string;
  throughput?: { level?: string };
}

const DETAIL_FIELDS = "id,display_phone_number,verified_name,quality_rating,messaging_limit_tier,throughput";

/** Asks Graph about the number with its own token: the one check that proves the credentials work. */
async function fetchDetails(
  n: Pick<NumberWithSecrets, "id" | "kind" | "phoneNumberId" | "accessToken"> & Partial<NumberWithSecrets>,
): Promise<NumberDetails> {
  return graph<NumberDetails>(n as NumberWithSecrets, "GET", n.phoneNumberId, {
    query: { fields: DETAIL_FIELDS },
    attempts: 1,
  });
}

/** For connects on a customer's behalf (setup links, the Platform API): the customer and more work in the same transaction. */
export interface ConnectOptions {
  customerId?: string;
  inTransaction?: (tx: Prisma.TransactionClient, created: { id: string }) => Promise<void>;
}

/**
 * Asks Graph, with the token given, for the number and for the WABA's numbers: the token must work and the
 * number must belong to that WABA (taken on no one's word). Meta's refusals name the field to fix.
 */
async function checkWithGraph(input: {
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
}): Promise<NumberDetails> {
  let details: NumberDetails;
  let asking: "phoneNumberId" | "wabaId" = "phoneNumberId";
  try {
    const probe = {
      id: "",
      kind: "LIVE" as const,
      phoneNumberId: input.phoneNumberId,
      accessToken: input.accessToken,
    };
    details = await fetchDetails(probe);
    // The WABA id is taken on no one's word: with the same token, Graph must list this number under it.
    asking = "wabaId";
    const listed = await graph<{ data?: { id?: string }[] }>(
      probe as NumberWithSecrets,
      "GET",
      `${input.wabaId}/phone_numbers`,
      { query: { fields: "id", limit: "100" }, attempts: 1 },
    );
    if (!listed.data?.some((n) => n.id === input.phoneNumberId))
      throw new AppError(
        "validation",
        "This phone number does not belong to that WhatsApp Business Account (checked with Meta).",
        { fields: { wabaId: "The number is not in this account" } },
      );
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof GraphError) {
      const field = e.problem.code === 190 ? "accessToken" : e.problem.code === 100 ? asking : "accessToken";
      throw new AppError("validation", `Meta did not accept these details: ${e.problem.action}`, {
        fields: { [field]: e.problem.action },
      });
    }
    throw new AppError(
      "unavailable",
      "Could not reach Meta's Graph API to check the number. Check the server's network and try again.",
    );
  }
  return details;
}

export async function connectLiveNumber(
  scope: Scope,
  actor: Actor,
  input: {
    phoneNumberId: string;
    wabaId: string;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
  },
  opts: ConnectOptions = {},
): Promise<{ id: string }> {
  const { projectId } = scope;
  const taken = await db().phoneNumber.findUnique({
    where: { phoneNumberId: input.phoneNumberId },
    select: { projectId: true },
  });
  if (taken)
    throw new AppError("conflict", "This phone number ID is already connected to a project.", {
      fields: { phoneNumberId: "Already connected" },
    });
  // The receiver routes account-level events (templates, quality) by WABA id: one project must never
  // be able to claim another's account.
  const wabaHeld = await db().phoneNumber.findFirst({
    where: { wabaId: input.wabaId, projectId: { not: projectId } },
    select: { id: true },
  });
  if (wabaHeld)
    throw new AppError(
      "conflict",
      "This WhatsApp Business Account is already connected to another project.",
      {
        fields: { wabaId: "Connected to another project" },
      },
    );
  const details = await checkWithGraph(input);
  const key = env().ENCRYPTION_KEY;
  return db()
    .$transaction(async (tx) => {
      const created = await tx.phoneNumber.create({
        data: {
          projectId,
          kind: "LIVE",
          phoneNumberId: input.phoneNumberId,
          wabaId: input.wabaId,
          displayPhoneNumber: details.display_phone_number ?? input.phoneNumberId,
          verifiedName: details.verified_name ?? "",
          qualityRating: details.quality_rating ?? null,
          messagingLimitTier: details.messaging_limit_tier ?? null,
          throughputLevel: details.throughput?.level ?? null,
          accessTokenEnc: encryptSecret(input.accessToken, key),
          appSecretEnc: encryptSecret(input.appSecret, key),
          verifyTokenHash: hashVerifyToken(input.verifyToken),
          customerId: opts.customerId ?? null,
        },
        select: { id: true },
      });
      await emit(tx, projectId, "whatsapp.phone_number.created", {
        phoneNumberId: created.id,
        kind: "LIVE",
        ...(opts.customerId ? { customerId: opts.customerId } : {}),
      });
      await opts.inTransaction?.(tx, created);
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "number.connected",
        targetType: "phone_number",
        targetId: created.id,
      });
      return created;
    })
    .finally(() => forgetNumber(input.phoneNumberId));
}

export async function addSandboxNumber(
  scope: Scope,
  actor: Actor,
  { name }: { name: string },
): Promise<{ id: string }> {
  const { projectId } = scope;
  return db().$transaction(async (tx) => {
    const n = await createSandboxNumber(tx, projectId, name);
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "number.sandbox_added",
      targetType: "phone_number",
      targetId: n.id,
    });
    return n;
  });
}

/**
 * Runs the number's health check (./health-mutations.ts) and answers its summary. A health reading, not
 * a change anyone made: no audit row, so the actor is not recorded.
 */
export async function checkNumberHealth(
  scope: Scope,
  _actor: Actor,
  { numberId }: { numberId: string },
): Promise<{ healthy: boolean; problem: string | null; status: string }> {
  const report = await runHealthCheck(scope.projectId, numberId);
  const failed = Object.values(report.checks).find((c) => c && !c.passed);
  return {
    healthy: report.status === "healthy",
    problem: failed ? (failed.error ?? "A check failed") : null,
    status: report.status,
  };
}

export async function deleteNumber(
  scope: Scope,
  actor: Actor,
  { numberId }: { numberId: string },
): Promise<void> {
  const { projectId } = scope;
  const n = await db().phoneNumber.findFirst({
    where: { id: numberId, projectId },
    select: { id: true, phoneNumberId: true, displayPhoneNumber: true },
  });
  if (!n) throw new AppError("not_found", "Number not found.");
  await db().$transaction(async (tx) => {
    await tx.phoneNumber.delete({ where: { id: n.id } });
    await tx.numberHealthCheck.deleteMany({ where: { phoneNumberId: n.id } });
    await tx.displayNameRequest.deleteMany({ where: { phoneNumberId: n.id } });
    await emit(tx, projectId, "whatsapp.phone_number.deleted", { phoneNumberId: n.id });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "number.deleted",
      targetType: "phone_number",
      targetId: n.id,
      data: { display: n.displayPhoneNumber },
    });
  });
  forgetNumber(n.phoneNumberId);
}

/**
 * Replaces a live number's credentials (a rotated token, a new app secret, another verify token); a field
 * left out keeps its value. A new token is checked with Graph first, as at connection. Takes effect at once
 * in this process and within the credential cache's 30 s elsewhere.
 */
export async function updateNumberCredentials(
  scope: Scope,
  actor: Actor,
  input: { numberId: string; accessToken?: string; appSecret?: string; verifyToken?: string },
): Promise<void> {
  const { projectId } = scope;
  const n = await db().phoneNumber.findFirst({
    where: { id: input.numberId, projectId },
    select: { id: true, kind: true, phoneNumberId: true, wabaId: true },
  });
  if (!n) throw new AppError("not_found", "Number not found.");
  if (n.kind !== "LIVE")
    throw new AppError("validation", "A sandbox number has no credentials to change.", {
      fields: { numberId: "Sandbox number" },
    });
  if (!input.accessToken && !input.appSecret && !input.verifyToken)
    throw new AppError("validation", "Enter at least one new value.", {
      fields: { accessToken: "Enter a new token, app secret or verify token" },
    });
  if (input.accessToken)
    await checkWithGraph({
      phoneNumberId: n.phoneNumberId,
      wabaId: n.wabaId,
      accessToken: input.accessToken,
    });
  const key = env().ENCRYPTION_KEY;
  const changed = [
    input.accessToken ? "access_token" : null,
    input.appSecret ? "app_secret" : null,
    input.verifyToken ? "verify_token" : null,
  ].filter((f): f is string => f !== null);
  await db().$transaction(async (tx) => {
    await tx.phoneNumber.update({
      where: { id: n.id },
      data: {
        ...(input.accessToken
          ? { accessTokenEnc: encryptSecret(input.accessToken, key), healthy: true, healthError: null }
          : {}),
        ...(input.appSecret ? { appSecretEnc: encryptSecret(input.appSecret, key) } : {}),
        ...(input.verifyToken ? { verifyTokenHash: hashVerifyToken(input.verifyToken) } : {}),
      },
    });
    await emit(tx, projectId, "whatsapp.phone_number.updated", { phoneNumberId: n.id, field: "credentials" });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "number.credentials_updated",
      targetType: "phone_number",
      targetId: n.id,
      // Which ones, never their values.
      data: { changed },
    });
  });
  forgetNumber(n.phoneNumberId);
}

/** Attaches a number to one of the project's customers, or detaches it (null). */
export async function setNumberCustomer(
  scope: Scope,
  actor: Actor,
  { numberId, customerId }: { numberId: string; customerId: string | null },
): Promise<void> {
  const { projectId } = scope;
  const n = await db().phoneNumber.findFirst({ where: { id: numberId, projectId }, select: { id: true } });
  if (!n) throw new AppError("not_found", "Phone number not found.");
  if (customerId) {
    const c = await db().customer.findFirst({ where: { id: customerId, projectId }, select: { id: true } });
    if (!c)
      throw new AppError("validation", "customer_id is not a customer of this project.", {
        fields: { customer_id: "Unknown customer" },
      });
  }
  await db().$transaction(async (tx) => {
    await tx.phoneNumber.update({ where: { id: n.id }, data: { customerId } });
    await emit(tx, projectId, "whatsapp.phone_number.updated", { phoneNumberId: n.id, field: "customer" });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "number.customer_set",
      targetType: "phone_number",
      targetId: n.id,
      data: { customerId },
    });
  });
}

import "@/lib/server-only";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { connectLiveNumber } from "@/lib/numbers/mutations";
import { getCustomer } from "./data";

// A customer's numbers: attach a project number, detach it, or connect one through the Platform API.

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

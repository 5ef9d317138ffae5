import "@/lib/server-only";
import { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { type CustomerDto, getCustomer } from "./data";
import type { CustomerInput } from "./schema";

// Customer records: create, rename, delete. Their numbers: number-mutations.ts; their setup links:
// setup-link-mutations.ts; the hosted page's connect: setup-mutations.ts.

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

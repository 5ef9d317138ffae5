"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/define-action";
import { createCustomer, deleteCustomer, updateCustomer } from "./mutations";
import { attachNumber, detachNumber } from "./number-mutations";
import {
  createCustomerSchema,
  createSetupLinkSchema,
  customerRefSchema,
  numberLinkSchema,
  revokeSetupLinkSchema,
  updateCustomerSchema,
} from "./schema";
import { createSetupLink, updateSetupLink } from "./setup-link-mutations";

const refresh = (slug: string) => revalidatePath(`/p/${slug}/customers`, "layout");

export const createCustomerAction = defineAction(
  { name: "createCustomer", minRole: "ADMIN", input: createCustomerSchema },
  async ({ projectId, ...input }, ctx) => {
    const c = await createCustomer(ctx.scope, ctx.actor, input);
    refresh(ctx.project.slug);
    return { id: c.id };
  },
);

export const updateCustomerAction = defineAction(
  { name: "updateCustomer", minRole: "ADMIN", input: updateCustomerSchema },
  async ({ projectId, ...input }, ctx) => {
    const c = await updateCustomer(ctx.scope, ctx.actor, input);
    refresh(ctx.project.slug);
    return { id: c.id };
  },
);

export const deleteCustomerAction = defineAction(
  { name: "deleteCustomer", minRole: "ADMIN", input: customerRefSchema },
  async ({ customerId }, ctx) => {
    const r = await deleteCustomer(ctx.scope, ctx.actor, { customerId });
    refresh(ctx.project.slug);
    return r;
  },
);

export const attachNumberAction = defineAction(
  { name: "attachNumber", minRole: "ADMIN", input: numberLinkSchema },
  async ({ customerId, numberId }, ctx) => {
    await attachNumber(ctx.scope, ctx.actor, { customerId, numberId });
    refresh(ctx.project.slug);
  },
);

export const detachNumberAction = defineAction(
  { name: "detachNumber", minRole: "ADMIN", input: numberLinkSchema },
  async ({ customerId, numberId }, ctx) => {
    await detachNumber(ctx.scope, ctx.actor, { customerId, numberId });
    refresh(ctx.project.slug);
  },
);

export const createSetupLinkAction = defineAction(
  { name: "createSetupLink", minRole: "ADMIN", input: createSetupLinkSchema },
  async ({ projectId, ...input }, ctx) => {
    const r = await createSetupLink(ctx.scope, ctx.actor, input);
    refresh(ctx.project.slug);
    return { id: r.link.id, url: r.url, expiresAt: r.link.expiresAt.toISOString() };
  },
);

export const revokeSetupLinkAction = defineAction(
  { name: "revokeSetupLink", minRole: "ADMIN", input: revokeSetupLinkSchema },
  async ({ setupLinkId }, ctx) => {
    await updateSetupLink(ctx.scope, ctx.actor, { setupLinkId, revoke: true });
    refresh(ctx.project.slug);
  },
);

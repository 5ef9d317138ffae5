"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { LOGGED_EVENTS } from "./events";
import {
  createWebhook,
  deleteWebhook,
  redeliver,
  rotateSecret,
  sendTestEvent,
  updateWebhook,
} from "./mutations";
import { createWebhookSchema, testEventSchema, updateWebhookSchema } from "./schema";

const projectId = z.string().min(1);
const webhookId = z.string().min(1).max(64);
const pagePath = (slug: string) => `/p/${slug}/webhooks`;

/** Creates a webhook; the secret is in this result only. */
export const createWebhookAction = defineAction(
  {
    name: "createWebhook",
    minRole: "ADMIN",
    input: createWebhookSchema.extend({ projectId, phoneNumber: z.string().min(1).max(64).optional() }),
  },
  async ({ projectId: _p, ...input }, ctx) => {
    const r = await createWebhook(ctx.scope, ctx.actor, input);
    revalidatePath(pagePath(ctx.project.slug));
    return r;
  },
);

export const updateWebhookAction = defineAction(
  { name: "updateWebhook", minRole: "ADMIN", input: updateWebhookSchema.extend({ projectId, webhookId }) },
  async ({ projectId: _p, webhookId, ...changes }, ctx) => {
    const w = await updateWebhook(ctx.scope, ctx.actor, { webhookId, ...changes });
    revalidatePath(pagePath(ctx.project.slug));
    return w;
  },
);

export const deleteWebhookAction = defineAction(
  { name: "deleteWebhook", minRole: "ADMIN", input: z.object({ projectId, webhookId }) },
  async ({ webhookId }, ctx) => {
    await deleteWebhook(ctx.scope, ctx.actor, { webhookId });
    revalidatePath(pagePath(ctx.project.slug));
  },
);

/** A new secret, in this result only. */
export const rotateSecretAction = defineAction(
  { name: "rotateWebhookSecret", minRole: "ADMIN", input: z.object({ projectId, webhookId }) },
  async ({ webhookId }, ctx) => rotateSecret(ctx.scope, ctx.actor, { webhookId }),
);

export const testWebhookAction = defineAction(
  { name: "testWebhook", minRole: "ADMIN", input: testEventSchema.extend({ projectId, webhookId }) },
  async ({ webhookId, event_type }, ctx) => {
    const r = await sendTestEvent(ctx.scope, ctx.actor, { webhookId, eventType: event_type });
    revalidatePath(pagePath(ctx.project.slug));
    return r;
  },
);

export const redeliverAction = defineAction(
  {
    name: "redeliverWebhook",
    minRole: "ADMIN",
    input: z.object({
      projectId,
      deliveryId: z.string().min(1).max(64).optional(),
      periodHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .optional(),
      webhookId: webhookId.optional(),
      eventType: z.enum(LOGGED_EVENTS as [string, ...string[]]).optional(),
    }),
  },
  async ({ projectId: _p, ...input }, ctx) => {
    const r = await redeliver(ctx.scope, ctx.actor, input);
    revalidatePath(pagePath(ctx.project.slug));
    return r;
  },
);

"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/http/define-action";
import {
  addRecipients,
  cancelBroadcast,
  createBroadcast,
  scheduleBroadcast,
  sendBroadcast,
} from "./mutations";
import { addRecipientsSchema, broadcastRefSchema, createBroadcastSchema, scheduleSchema } from "./schema";

const refresh = (slug: string) => revalidatePath(`/p/${slug}/broadcasts`, "layout");

export const createBroadcastAction = defineAction(
  { name: "createBroadcast", minRole: "ADMIN", input: createBroadcastSchema },
  async ({ projectId, ...input }, ctx) => {
    const b = await createBroadcast(ctx.scope, ctx.actor, input);
    refresh(ctx.project.slug);
    return { id: b.id };
  },
);

export const addRecipientsAction = defineAction(
  { name: "addRecipients", minRole: "ADMIN", input: addRecipientsSchema },
  async ({ broadcastId, recipients }, ctx) =>
    addRecipients(ctx.scope, ctx.actor, { broadcastId, recipients }),
);

export const sendBroadcastAction = defineAction(
  { name: "sendBroadcast", minRole: "ADMIN", input: broadcastRefSchema },
  async ({ broadcastId }, ctx) => {
    await sendBroadcast(ctx.scope, ctx.actor, { broadcastId });
    refresh(ctx.project.slug);
  },
);

export const scheduleBroadcastAction = defineAction(
  { name: "scheduleBroadcast", minRole: "ADMIN", input: scheduleSchema },
  async ({ broadcastId, scheduledAt }, ctx) => {
    await scheduleBroadcast(ctx.scope, ctx.actor, { broadcastId, scheduledAt });
    refresh(ctx.project.slug);
  },
);

export const cancelBroadcastAction = defineAction(
  { name: "cancelBroadcast", minRole: "ADMIN", input: broadcastRefSchema },
  async ({ broadcastId }, ctx) => {
    await cancelBroadcast(ctx.scope, ctx.actor, { broadcastId });
    refresh(ctx.project.slug);
  },
);

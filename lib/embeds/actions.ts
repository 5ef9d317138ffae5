"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { embedUrl } from "./data";
import { createEmbed, revokeEmbed, updateEmbed } from "./mutations";
import { createEmbedSchema, updateEmbedSchema } from "./schema";

const projectId = z.string().min(1);
const embedId = z.string().min(1).max(64);

const createActionSchema = createEmbedSchema.safeExtend({ projectId });
const updateActionSchema = updateEmbedSchema.extend({ projectId, embedId });
const revokeActionSchema = z.object({ projectId, embedId });

const pagePath = (slug: string) => `/p/${slug}/settings/embeds`;

/** Creates an embed; the token and its URL are in this result only. */
export const createEmbedAction = defineAction(
  { name: "createEmbed", minRole: "ADMIN", input: createActionSchema },
  async ({ projectId, ...embed }, ctx) => {
    const created = await createEmbed(ctx.scope, ctx.actor, embed);
    revalidatePath(pagePath(ctx.project.slug));
    return { embed: created.embed, token: created.token, url: embedUrl(created.token) };
  },
);

export const updateEmbedAction = defineAction(
  { name: "updateEmbed", minRole: "ADMIN", input: updateActionSchema },
  async ({ projectId, embedId, ...changes }, ctx) => {
    const embed = await updateEmbed(ctx.scope, ctx.actor, { embedId, ...changes });
    revalidatePath(pagePath(ctx.project.slug));
    return embed;
  },
);

export const revokeEmbedAction = defineAction(
  { name: "revokeEmbed", minRole: "ADMIN", input: revokeActionSchema },
  async ({ embedId }, ctx) => {
    await revokeEmbed(ctx.scope, ctx.actor, { embedId });
    revalidatePath(pagePath(ctx.project.slug));
  },
);

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizeProject } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
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
export async function createEmbedAction(input: unknown) {
  return runAction("createEmbed", createActionSchema, input, async ({ projectId, ...embed }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    const created = await createEmbed(ctx.projectId, embed, { userId: ctx.user.id });
    revalidatePath(pagePath(ctx.project.slug));
    return { embed: created.embed, token: created.token, url: embedUrl(created.token) };
  });
}

export async function updateEmbedAction(input: unknown) {
  return runAction("updateEmbed", updateActionSchema, input, async ({ projectId, embedId, ...changes }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    const embed = await updateEmbed(ctx.projectId, embedId, changes, { userId: ctx.user.id });
    revalidatePath(pagePath(ctx.project.slug));
    return embed;
  });
}

export async function revokeEmbedAction(input: unknown) {
  return runAction("revokeEmbed", revokeActionSchema, input, async ({ projectId, embedId }) => {
    const ctx = await authorizeProject({ id: projectId }, "ADMIN");
    await revokeEmbed(ctx.projectId, embedId, { userId: ctx.user.id });
    revalidatePath(pagePath(ctx.project.slug));
  });
}

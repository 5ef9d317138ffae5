import { z } from "zod";
import { embedUrl, getEmbed, listEmbeds } from "@/lib/embeds/data";
import { createEmbed, revokeEmbed, updateEmbed } from "@/lib/embeds/mutations";
import {
  platformCreateBody,
  platformUpdateBody,
  toCreateInput,
  toPlatformEmbed,
  toPlatformError,
  toUpdateInput,
} from "@/lib/embeds/platform";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { data, embedJson, id, noContent } from "./schemas";

// Kapso's inbox_embeds API. The token and embed_url are in the create response only; only a hash is kept.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Inbox embeds" } as const;
const byId = z.object({ id });

export const inboxEmbeds = resource("/platform/v1/inbox_embeds", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List embeds (most recent first, revoked and expired included)",
      response: data(z.array(embedJson)),
    },
    async (ctx) => ({ data: (await listEmbeds(platformContext(ctx).projectId)).map(toPlatformEmbed) }),
  ),
  POST: defineRoute(
    {
      ...api,
      summary: "Create an embed; the token and embed_url are returned only here",
      body: platformCreateBody,
      status: 201,
      response: data(embedJson.extend({ token: z.string(), embed_url: z.string() })),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const input = toCreateInput(ctx.body);
      const { embed, token } = await createEmbed(p.scope, p.actor, input).catch((e) => {
        throw toPlatformError(e);
      });
      return { data: { ...toPlatformEmbed(embed), token, embed_url: embedUrl(token) } };
    },
  ),
});

export const inboxEmbed = resource("/platform/v1/inbox_embeds/{id}", api.tag, {
  GET: defineRoute(
    { ...api, summary: "Get an embed", params: byId, response: data(embedJson) },
    async (ctx) => ({
      data: toPlatformEmbed(await getEmbed(platformContext(ctx).projectId, ctx.params.id)),
    }),
  ),
  PATCH: defineRoute(
    {
      ...api,
      summary: "Change name, origins, expiry or mode (the scope never changes)",
      params: byId,
      body: platformUpdateBody,
      response: data(embedJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      // Looked up before the scope check, so another project's id is a 404, not a scope error.
      const current = await getEmbed(p.projectId, ctx.params.id);
      const input = toUpdateInput(ctx.body, current);
      const embed = await updateEmbed(p.scope, p.actor, { embedId: ctx.params.id, ...input }).catch((e) => {
        throw toPlatformError(e);
      });
      return { data: toPlatformEmbed(embed) };
    },
  ),
  DELETE: defineRoute(
    {
      ...api,
      summary: "Revoke: the token stops working at once",
      params: byId,
      status: 204,
      response: noContent,
    },
    async (ctx) => {
      const p = platformContext(ctx);
      await revokeEmbed(p.scope, p.actor, { embedId: ctx.params.id });
      return new Response(null, { status: 204 });
    },
  ),
});

import { embedUrl, listEmbeds } from "@/lib/embeds/data";
import { createEmbed } from "@/lib/embeds/mutations";
import { platformCreateBody, toCreateInput, toPlatformEmbed, toPlatformError } from "@/lib/embeds/platform";
import { platformRoute, readBody } from "@/lib/http/platform";

export const dynamic = "force-dynamic";

// Kapso's inbox_embeds API. The token and embed_url are in the create response only; only a hash is kept.
export const POST = platformRoute(async (ctx, req) => {
  const input = toCreateInput(await readBody(req, platformCreateBody));
  const { embed, token } = await createEmbed(ctx.projectId, input, { apiKeyId: ctx.apiKeyId }).catch((e) => {
    throw toPlatformError(e);
  });
  return { data: { ...toPlatformEmbed(embed), token, embed_url: embedUrl(token) }, status: 201 };
});

/** Most recent first, revoked and expired ones included (see `status`). */
export const GET = platformRoute(async (ctx) => ({
  data: (await listEmbeds(ctx.projectId)).map(toPlatformEmbed),
}));

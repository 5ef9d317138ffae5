import { getEmbed } from "@/lib/embeds/data";
import { revokeEmbed, updateEmbed } from "@/lib/embeds/mutations";
import { platformUpdateBody, toPlatformEmbed, toPlatformError, toUpdateInput } from "@/lib/embeds/platform";
import { platformRoute, readBody } from "@/lib/http/platform";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = platformRoute<Params>(async (ctx, _req, { id }) => ({
  data: toPlatformEmbed(await getEmbed(ctx.projectId, id)),
}));

/** Name, origins, expiry and mode; the scope never changes (422: create a new embed). */
export const PATCH = platformRoute<Params>(async (ctx, req, { id }) => {
  const body = await readBody(req, platformUpdateBody);
  // Looked up before the scope check, so another project's id is a 404, not a scope error.
  const current = await getEmbed(ctx.projectId, id);
  const input = toUpdateInput(body, current);
  const embed = await updateEmbed(ctx.projectId, id, input, { apiKeyId: ctx.apiKeyId }).catch((e) => {
    throw toPlatformError(e);
  });
  return { data: toPlatformEmbed(embed) };
});

/** Revokes: the token stops working at once and open embeds are disconnected. */
export const DELETE = platformRoute<Params>(async (ctx, _req, { id }) => {
  await revokeEmbed(ctx.projectId, id, { apiKeyId: ctx.apiKeyId });
  return new Response(null, { status: 204 });
});

import { resolveEmbedToken } from "./data";
import { frameAncestors } from "./origins";

/**
 * The Content-Security-Policy for an /embed/{token} page: framing only by the embed's allowed origins,
 * and by nobody when the token is not valid (the page itself then answers 401).
 */
export async function embedPagePolicy(pathname: string): Promise<string> {
  const token = decodeURIComponent(pathname.split("/")[2] ?? "");
  const embed = await resolveEmbedToken(token).catch(() => null);
  return embed ? frameAncestors(embed.allowedOrigins) : "frame-ancestors 'none'";
}

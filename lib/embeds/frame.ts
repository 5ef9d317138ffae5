import { embedFrameOrigins } from "./data";
import { frameAncestors } from "./origins";

/**
 * The Content-Security-Policy for an /embed/{token} page: framing only by the embed's allowed origins.
 * A revoked or expired embed keeps them, so its 401 page shows inside the host app that framed it; an
 * unknown token may be framed by nobody.
 */
export async function embedPagePolicy(pathname: string): Promise<string> {
  const token = decodeURIComponent(pathname.split("/")[2] ?? "");
  const origins = await embedFrameOrigins(token).catch(() => null);
  return origins ? frameAncestors(origins) : "frame-ancestors 'none'";
}

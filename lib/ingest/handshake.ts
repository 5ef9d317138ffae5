import { env } from "@/lib/env";
import { verifyTokenHashKnown } from "@/lib/numbers/data";
import { hashVerifyToken, sameHash } from "@/lib/numbers/verify-token";

/** Meta's GET handshake: the token must be the app's or one of our numbers' verify tokens. */
export async function verifyHandshake(mode: string | null, token: string | null): Promise<boolean> {
  if (mode !== "subscribe" || !token) return false;
  const hash = hashVerifyToken(token);
  const appToken = env().META_VERIFY_TOKEN;
  if (appToken && sameHash(hash, hashVerifyToken(appToken))) return true;
  const known = await verifyTokenHashKnown(hash);
  return !!known && sameHash(hash, known);
}

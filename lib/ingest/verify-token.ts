import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

export function hashVerifyToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Meta's GET handshake: the token must be the app's or one of our numbers' verify tokens. */
export async function verifyHandshake(mode: string | null, token: string | null): Promise<boolean> {
  if (mode !== "subscribe" || !token) return false;
  const hash = hashVerifyToken(token);
  const appToken = env().META_VERIFY_TOKEN;
  if (appToken && sameHash(hash, hashVerifyToken(appToken))) return true;
  const n = await db().phoneNumber.findFirst({
    where: { verifyTokenHash: hash },
    select: { verifyTokenHash: true },
  });
  return !!n?.verifyTokenHash && sameHash(hash, n.verifyTokenHash);
}

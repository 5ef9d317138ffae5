import { createHash, timingSafeEqual } from "node:crypto";

// A live number's webhook verify token is kept only as a hash (numbers/mutations stores it; the
// receiver's handshake compares against it).
export function hashVerifyToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

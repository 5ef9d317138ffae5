import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Signing (spec §1.4): lowercase hex HMAC-SHA256 of the raw body bytes with the webhook's secret. Pure.

export function signBody(secret: string, body: string | Buffer): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

export function verifySignature(secret: string, body: string | Buffer, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, body), "hex");
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A new webhook secret (shown once). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Meta-kind idempotency key: SHA-256 of the forwarded payload. */
export function payloadHash(body: string | Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

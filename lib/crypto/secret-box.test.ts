import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./secret-box";

const key = randomBytes(32).toString("base64");

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("EAAG-access-token", key);
    expect(sealed).not.toContain("EAAG");
    expect(decryptSecret(sealed, key)).toBe("EAAG-access-token");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("rejects a tampered ciphertext and a wrong key", () => {
    const sealed = encryptSecret("secret", key);
    const parts = sealed.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("SECRET").toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, key)).toThrow();
    expect(() => decryptSecret(sealed, randomBytes(32).toString("base64"))).toThrow();
  });

  it("refuses a key of the wrong length", () => {
    expect(() => encryptSecret("x", Buffer.from("short").toString("base64"))).toThrow(/32 bytes/);
  });
});

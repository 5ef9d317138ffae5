import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newSecret, payloadHash, signBody, verifySignature } from "./signature";

describe("webhook signatures", () => {
  it("is the lowercase hex HMAC-SHA256 of the raw body", () => {
    const body = '{"a":1,"b":"ü"}';
    const sig = signBody("whsec_test", body);
    expect(sig).toBe(createHmac("sha256", "whsec_test").update(Buffer.from(body, "utf8")).digest("hex"));
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature("whsec_test", body, sig)).toBe(true);
    expect(verifySignature("whsec_other", body, sig)).toBe(false);
    expect(verifySignature("whsec_test", `${body} `, sig)).toBe(false);
    expect(verifySignature("whsec_test", body, "zz")).toBe(false);
  });
  it("makes distinct secrets and a stable payload hash", () => {
    expect(newSecret()).not.toBe(newSecret());
    expect(payloadHash("x")).toBe(payloadHash(Buffer.from("x")));
    expect(payloadHash("x")).toMatch(/^[0-9a-f]{64}$/);
  });
});

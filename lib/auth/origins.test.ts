import { describe, expect, it } from "vitest";
import { frameAncestors, originAllowed, parseOrigin } from "./origins";

describe("parseOrigin", () => {
  it("accepts exact and wildcard origins and normalises them", () => {
    expect(parseOrigin(" HTTPS://App.Example.com/ ")).toEqual({
      ok: true,
      origin: "https://app.example.com",
    });
    expect(parseOrigin("https://*.example.com")).toEqual({ ok: true, origin: "https://*.example.com" });
    expect(parseOrigin("http://localhost:3000")).toEqual({ ok: true, origin: "http://localhost:3000" });
  });

  it("refuses paths, bare hosts, other schemes and wildcard TLDs with a reason", () => {
    for (const bad of [
      "https://example.com/app",
      "example.com",
      "ftp://example.com",
      "https://*.com",
      "https://a.*.com",
    ]) {
      const r = parseOrigin(bad);
      expect(r.ok, bad).toBe(false);
    }
  });
});

describe("originAllowed", () => {
  const patterns = ["https://app.example.com", "https://*.tenant.io", "http://localhost:3000"];

  it("matches exact origins including scheme and port", () => {
    expect(originAllowed("https://app.example.com", patterns)).toBe(true);
    expect(originAllowed("http://app.example.com", patterns)).toBe(false);
    expect(originAllowed("https://app.example.com:8443", patterns)).toBe(false);
    expect(originAllowed("http://localhost:3000", patterns)).toBe(true);
    expect(originAllowed("http://localhost:3001", patterns)).toBe(false);
  });

  it("matches wildcard subdomains at any depth but not the bare domain or look-alikes", () => {
    expect(originAllowed("https://a.tenant.io", patterns)).toBe(true);
    expect(originAllowed("https://x.y.tenant.io", patterns)).toBe(true);
    expect(originAllowed("https://tenant.io", patterns)).toBe(false);
    expect(originAllowed("https://eviltenant.io", patterns)).toBe(false);
    expect(originAllowed("https://tenant.io.evil.com", patterns)).toBe(false);
  });

  it("allows anything when no origins are set, and nothing without an Origin otherwise", () => {
    expect(originAllowed("https://anything.test", [])).toBe(false);
    expect(originAllowed(null, patterns)).toBe(false);
    expect(originAllowed("not a url", patterns)).toBe(false);
  });
});

describe("frameAncestors", () => {
  it("lists the allowed origins after 'self'", () => {
    expect(frameAncestors(["https://app.example.com", "https://*.tenant.io"])).toBe(
      "frame-ancestors 'self' https://app.example.com https://*.tenant.io",
    );
    expect(frameAncestors([])).toBe("frame-ancestors 'self'");
  });
});

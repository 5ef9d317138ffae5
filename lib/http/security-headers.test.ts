import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { API_CSP, applySecurityHeaders } from "./security-headers";

function run(pathname: string, frameAncestors?: string) {
  const req = { headers: {} as Record<string, string> } as unknown as IncomingMessage;
  const set = new Map<string, string>();
  const res = {
    setHeader: (k: string, v: string) => set.set(k.toLowerCase(), v),
  } as unknown as ServerResponse;
  applySecurityHeaders(req, res, pathname, { dev: false, frameAncestors });
  return { req: req.headers as Record<string, string>, res: set };
}

describe("security headers", () => {
  it("give pages a nonce policy that Next can read from the request", () => {
    const { req, res } = run("/p/demo/inbox");
    const csp = res.get("content-security-policy") ?? "";
    const nonce = req["x-nonce"];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(req["content-security-policy"]).toBe(csp);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(res.get("x-content-type-options")).toBe("nosniff");
    expect(res.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // A new nonce every request.
    expect(run("/login").req["x-nonce"]).not.toBe(nonce);
  });

  it("let an embed page be framed by its allowed origins only", () => {
    const { res } = run("/embed/sbe_x", "frame-ancestors 'self' https://app.example.com");
    expect(res.get("content-security-policy")).toContain("frame-ancestors 'self' https://app.example.com");
    expect(res.has("x-frame-options")).toBe(false);
  });

  it("give APIs a policy under which nothing runs", () => {
    for (const p of ["/api/health", "/meta/whatsapp/v24.0/1/messages", "/platform/v1/users"]) {
      const { req, res } = run(p);
      expect(res.get("content-security-policy")).toBe(API_CSP);
      expect(req["x-nonce"]).toBeUndefined();
    }
  });
});

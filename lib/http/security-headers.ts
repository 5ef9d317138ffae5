import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// The headers every response carries, set by server.ts before Next runs. Set here, not in
// next.config.ts headers(): those replace a route's own header, which dropped the sandboxing policy the
// media routes set. A route's own Content-Security-Policy (media) still wins over the default here.

/** APIs and media answer data, never a page: nothing in them may run or be framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
const API_PREFIXES = ["/api/", "/meta/", "/platform/"];

/**
 * A page's policy. Scripts only from this origin or carrying the request's nonce (Next puts it on its
 * inline bootstrap scripts when it finds it in the request's CSP header; the theme script gets it from
 * the root layout). Inline styles stay allowed: React style attributes and the UI library use them.
 */
export function pageCsp(nonce: string, opts: { dev: boolean; frameAncestors: string }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Meta's CDN serves live numbers' profile photos (profile_picture_url), shown in the profile editor.
    "img-src 'self' data: blob: https://*.whatsapp.net https://*.fbcdn.net",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    opts.frameAncestors,
  ].join("; ");
}

export function isApiPath(pathname: string): boolean {
  return API_PREFIXES.some((p) => pathname.startsWith(p)) || pathname === "/api";
}

/**
 * Sets the common headers on `res` and, for pages, a nonce-bearing CSP on both the response and the
 * request (where Next reads the nonce). `frameAncestors` is the embed's per-token directive.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  opts: { dev: boolean; frameAncestors?: string },
): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  const frameAncestors = opts.frameAncestors ?? "frame-ancestors 'self'";
  if (!opts.frameAncestors) res.setHeader("X-Frame-Options", "SAMEORIGIN");
  if (isApiPath(pathname)) {
    res.setHeader("Content-Security-Policy", API_CSP);
    return;
  }
  if (pathname.startsWith("/_next/static/")) return;
  const nonce = randomBytes(16).toString("base64");
  const policy = pageCsp(nonce, { dev: opts.dev, frameAncestors });
  req.headers["content-security-policy"] = policy;
  req.headers["x-nonce"] = nonce;
  res.setHeader("Content-Security-Policy", policy);
}

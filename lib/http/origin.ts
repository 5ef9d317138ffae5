import { originAllowed } from "@/lib/auth/origins";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Cross-site request checks. A session cookie (SameSite=Lax) still rides on some cross-site requests, and
// a `text/plain` form POST needs no preflight, so state-changing session routes also check where the
// request comes from: browsers send Sec-Fetch-Site (pages cannot set it) and Origin on every POST.

function sameHost(req: Request, origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const o = new URL(origin);
  if (o.host === req.headers.get("host")) return true;
  return URL.canParse(env().APP_URL) && new URL(env().APP_URL).origin === o.origin;
}

/** Whether the browser says this request comes from our own pages (or from no browser at all). */
export function isSameSite(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  return !origin || sameHost(req, origin);
}

/** 403 for a cookie-authenticated state change sent from another site. */
export function checkCrossSite(req: Request): void {
  if (!isSameSite(req))
    throw new AppError(
      "forbidden",
      "Cross-site request refused: this action must come from Switchboard itself.",
    );
}

/**
 * An embed's API calls: the iframe itself calls same-origin; a page elsewhere must be on an origin the
 * embed allows. No Origin at all is a non-browser client holding the token, which the token alone admits.
 */
export function embedOriginAllowed(req: Request, allowed: string[]): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true;
  if (req.headers.get("sec-fetch-site") === "same-origin" || sameHost(req, origin)) return true;
  return originAllowed(origin, allowed);
}

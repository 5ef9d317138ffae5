import { decode } from "next-auth/jwt";

const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"];

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/**
 * The user and session ids in an Auth.js session cookie, or null when absent, expired or forged. The
 * caller still checks that the session has not been ended (lib/auth/sessions.ts).
 */
export async function sessionFromCookie(
  header: string | undefined,
  secret: string,
): Promise<{ userId: string; sid: string | null } | null> {
  const cookies = parseCookies(header);
  for (const name of COOKIE_NAMES) {
    // Large sessions are split into name.0, name.1 … by Auth.js.
    let token = cookies.get(name);
    if (!token) {
      const chunks: string[] = [];
      for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
      token = chunks.join("") || undefined;
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret, salt: name });
      if (payload && typeof payload.uid === "string")
        return { userId: payload.uid, sid: typeof payload.sid === "string" ? payload.sid : null };
    } catch {
      return null;
    }
  }
  return null;
}

/** The user id in an Auth.js session cookie, or null when absent, expired or forged. */
export async function userIdFromCookie(header: string | undefined, secret: string): Promise<string | null> {
  return (await sessionFromCookie(header, secret))?.userId ?? null;
}

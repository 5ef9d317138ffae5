// Allowed origins of an inbox embed: exact (`https://app.example.com`, `http://localhost:3000`) or a
// wildcard subdomain (`https://*.example.com`). They feed both the iframe's CSP frame-ancestors and the
// Origin check on the embed's API calls and socket, so the three always agree. An empty list allows no
// other site (Kapso treats it as "any"; an inbox anyone can frame invites clickjacking, so we do not).

const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/;

/** The normalised pattern, or an error message naming what is wrong. */
export function parseOrigin(input: string): { ok: true; origin: string } | { ok: false; error: string } {
  const raw = input.trim().toLowerCase().replace(/\/+$/, "");
  const m = PATTERN.exec(raw);
  if (!m) {
    return {
      ok: false,
      error: `"${input.trim()}" is not an origin: use a scheme and host only, such as https://app.example.com or https://*.example.com`,
    };
  }
  const [, scheme, wildcard, host, port] = m;
  if (wildcard && !host?.includes("."))
    return {
      ok: false,
      error: `"${input.trim()}": a wildcard needs a domain with a dot, such as https://*.example.com`,
    };
  if (port && (Number(port) < 1 || Number(port) > 65535))
    return { ok: false, error: `"${input.trim()}": bad port` };
  return { ok: true, origin: `${scheme}://${wildcard ?? ""}${host}${port ? `:${port}` : ""}` };
}

/** Whether a browser Origin (e.g. from a request header) is allowed by the patterns. Empty = none. */
export function originAllowed(origin: string | null | undefined, patterns: string[]): boolean {
  if (!origin || patterns.length === 0) return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  const scheme = u.protocol.replace(":", "");
  const host = u.hostname.toLowerCase();
  const port = u.port;
  return patterns.some((p) => {
    const m = PATTERN.exec(p);
    if (!m) return false;
    const [, pScheme, wildcard, pHost, pPort] = m;
    if (pScheme !== scheme || (pPort ?? "") !== port) return false;
    // `*.example.com` covers sub.example.com and a.b.example.com, not example.com itself (as in CSP).
    return wildcard ? host.endsWith(`.${pHost}`) : host === pHost;
  });
}

/** The CSP frame-ancestors directive for these patterns (CSP understands the same wildcard form). */
export function frameAncestors(patterns: string[]): string {
  return ["frame-ancestors 'self'", ...patterns].join(" ");
}

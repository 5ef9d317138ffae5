import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { LRUCache } from "lru-cache";
import { env } from "@/lib/env";
import { AllowList, isLoopbackAddress, isPublicAddress, parseAllowList } from "./addresses";
import { send } from "./transport";
import { EgressError, type EgressRequest, type EgressResponse } from "./types";

export { EgressError, type EgressErrorCode, type EgressRequest, type EgressResponse } from "./types";

// The one way the app makes HTTP requests to addresses that users or admins typed in (webhook receivers,
// workflow HTTP steps, model providers, media ingest). The host is resolved once, every address it
// resolves to is checked, and the connection is pinned to a checked address, so a name that resolves to
// a public address at check time cannot be switched to 127.0.0.1 before the connect (DNS rebinding).
// Redirects are not followed: a 3xx comes back as it is, so a public URL cannot bounce into the network.

// Answers of the resolver, for a few seconds: a webhook receiver's name is looked up once per burst, not
// once per post. Safe with the guard: every request still checks the addresses it is about to use and is
// pinned to one of them, whether they came from the resolver now or a moment ago.
const LOOKUP_TTL_MS = 10_000;
const lookups = new LRUCache<string, { address: string; family: number }[]>({
  max: 1000,
  ttl: LOOKUP_TTL_MS,
});
async function resolve(host: string): Promise<{ address: string; family: number }[]> {
  const hit = lookups.get(host);
  if (hit) return hit;
  const found = await dnsLookup(host, { all: true, verbatim: true });
  if (found.length > 0) lookups.set(host, found);
  return found;
}

let allowCache: { raw: string; list: AllowList; refused: Map<string, boolean> } | undefined;
function allowState(): { list: AllowList; refused: Map<string, boolean> } {
  const raw = env().EGRESS_ALLOW_HOSTS ?? "";
  if (allowCache?.raw !== raw)
    allowCache = { raw, list: new AllowList(parseAllowList(raw)), refused: new Map() };
  return allowCache;
}
function allowList(): AllowList {
  return allowState().list;
}

/**
 * Whether an address is refused (private or local, and not allowed). Remembered per address under the
 * current allow list: the check builds address objects, and a burst of webhook posts asks it of the same
 * receiver thousands of times.
 */
function refusedAddress(address: string): boolean {
  const { list, refused } = allowState();
  let verdict = refused.get(address);
  if (verdict === undefined) {
    verdict = !isPublicAddress(address) && !list.allowsAddress(address);
    if (refused.size >= 1000) refused.clear();
    refused.set(address, verdict);
  }
  return verdict;
}

/**
 * True when `u` is under one of `bases`: the same scheme, host and port, and a path at or below the
 * base's path (compared after URL normalisation, so `..` and `%2e%2e` cannot climb out of it).
 */
export function underTrustedBase(u: URL, bases: readonly string[] = []): boolean {
  for (const raw of bases) {
    let b: URL;
    try {
      b = new URL(raw);
    } catch {
      continue;
    }
    if (b.protocol !== u.protocol || b.host !== u.host || u.username || u.password) continue;
    const prefix = b.pathname.endsWith("/") ? b.pathname : `${b.pathname}/`;
    if (u.pathname === b.pathname || u.pathname.startsWith(prefix)) return true;
  }
  return false;
}

/** Checks a URL without sending anything: throws the reason it would be refused; else where it goes. */
export async function checkEgressUrl(
  url: string | URL,
  opts: { trustedBases?: readonly string[] } = {},
): Promise<{ address: string; family: number }> {
  const target = parseTarget(url);
  return (
    checkKnown(target, opts.trustedBases) ??
    checkResolved(target, opts.trustedBases, await lookupHost(target))
  );
}

/**
 * The refusals known without asking DNS (a form or an API call checks a URL it stores with this): an
 * invalid URL, or a private or local address written as an IP literal or `localhost` that the allow-list
 * does not allow. A name is checked when it is called, against what it resolves to then. Throws EgressError.
 */
export function checkEgressUrlNow(url: string | URL): void {
  const target = parseTarget(url);
  const family = isIP(target.host);
  if (family) checkResolved(target, undefined, [{ address: target.host, family }]);
  else if (/(^|\.)localhost\.?$/i.test(target.host))
    checkResolved(target, undefined, [{ address: "127.0.0.1", family: 4 }]);
}

interface Target {
  u: URL;
  /** The host without IPv6 brackets. */
  host: string;
}

function parseTarget(url: string | URL): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new EgressError("invalid_url", "The URL is not valid.");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new EgressError("invalid_url", "Only http and https URLs can be called.");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (!host) throw new EgressError("invalid_url", "The URL has no host.");
  return { u, host };
}

async function lookupHost(t: Target): Promise<{ address: string; family: number }[]> {
  try {
    return await resolve(t.host);
  } catch {
    throw new EgressError("network", `The host ${t.host} could not be resolved.`);
  }
}

/**
 * The verdict without waiting when the addresses are known now (an IP literal, or a name the resolver
 * answered for a moment ago): the usual case of a burst of posts to one receiver. Undefined otherwise.
 */
function checkKnown(
  t: Target,
  trustedBases: readonly string[] | undefined,
): { address: string; family: number } | undefined {
  const family = isIP(t.host);
  if (family) return checkResolved(t, trustedBases, [{ address: t.host, family }]);
  const hit = lookups.get(t.host);
  return hit ? checkResolved(t, trustedBases, hit) : undefined;
}

function checkResolved(
  t: Target,
  trustedBases: readonly string[] | undefined,
  addresses: { address: string; family: number }[],
): { address: string; family: number } {
  const { u, host } = t;
  if (addresses.length === 0) throw new EgressError("network", `The host ${host} could not be resolved.`);
  if (!allowList().allowsHost(host)) {
    // Loopback only, and only for a base written as a loopback literal or `localhost`.
    let loopbackTrusted: boolean | undefined;
    for (const a of addresses) {
      if (!refusedAddress(a.address)) continue;
      loopbackTrusted ??=
        (isLoopbackAddress(host) || host === "localhost") && underTrustedBase(u, trustedBases);
      if (loopbackTrusted && isLoopbackAddress(a.address)) continue;
      throw new EgressError(
        "blocked_address",
        // The address a name resolves to stays out of the message: callers of the APIs would otherwise learn
        // this network's internal DNS answers.
        `${host === a.address ? `${host} is` : `${host} resolves to`} a private or local address. An administrator can allow it with EGRESS_ALLOW_HOSTS.`,
      );
    }
  }
  return addresses[0]!;
}

/**
 * An HTTP request through the egress guard. Throws EgressError; any HTTP status is a response.
 *
 * Written for bursts (a webhook worker posts thousands a second): one URL parse, no waiting when the
 * addresses are known, one timer for the whole exchange, and no AbortSignal unless the caller gives one.
 * A post cost 2.5 times a bare `http.request` when each carried its own AbortController, signal
 * listeners and a race against the lookup; on undici it costs about half of one.
 */
export function egressFetch(url: string | URL, req: EgressRequest = {}): Promise<EgressResponse> {
  const timeoutMs = req.timeoutMs ?? 10_000;
  return new Promise<EgressResponse>((resolve, reject) => {
    let settled = false;
    let abort: (() => void) | undefined;
    const timedOut = () => new EgressError("timeout", `No complete answer within ${timeoutMs} ms.`);
    const settle = (e: Error | null, res?: EgressResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      if (e) {
        abort?.();
        reject(e);
      } else resolve(res as EgressResponse);
    };
    // The whole exchange (lookup, connect, request, response); a caller's signal ends it the same way.
    const timer = setTimeout(() => settle(timedOut()), timeoutMs);
    const onAbort = () => settle(timedOut());
    if (req.signal) {
      if (req.signal.aborted) return settle(timedOut());
      req.signal.addEventListener("abort", onAbort, { once: true });
    }
    let target: Target;
    let known: { address: string; family: number } | undefined;
    try {
      target = parseTarget(url);
      known = checkKnown(target, req.trustedBases);
    } catch (e) {
      return settle(e as Error);
    }
    if (known) send(target.u, known, req, settle, (a) => (abort = a));
    else
      lookupHost(target)
        .then((addresses) => {
          if (settled) return;
          send(target.u, checkResolved(target, req.trustedBases, addresses), req, settle, (a) => (abort = a));
        })
        .catch((e: Error) => settle(e));
  });
}

/**
 * A `fetch` for libraries that take one, through the guard: the whole body is buffered, the answer up to
 * `maxResponseBytes` (10 MiB), within `timeoutMs` (60 s) unless the caller's signal ends it sooner. Guard
 * refusals surface as a TypeError, as fetch's own network failures do, with the guard's message.
 */
export function makeGuardedFetch(
  defaults: Pick<EgressRequest, "timeoutMs" | "maxResponseBytes" | "trustedBases"> = {},
): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const headers = new Headers(request?.headers);
    for (const [k, v] of new Headers(init?.headers ?? undefined).entries()) headers.set(k, v);
    let body: string | Uint8Array | undefined;
    const raw = init?.body ?? (request?.body ? await request.arrayBuffer() : undefined);
    if (typeof raw === "string") body = raw;
    else if (raw instanceof ArrayBuffer) body = new Uint8Array(raw);
    else if (raw instanceof Uint8Array) body = raw;
    else if (raw instanceof URLSearchParams) body = raw.toString();
    else if (raw instanceof FormData || raw instanceof Blob) {
      // Multipart (media uploads): encoded as fetch would, with its boundary in the content type.
      const encoded = new Response(raw);
      body = new Uint8Array(await encoded.arrayBuffer());
      const type = encoded.headers.get("content-type");
      if (type && !headers.has("content-type")) headers.set("content-type", type);
    } else if (raw != null) throw new TypeError("guardedFetch: unsupported body type");
    try {
      const res = await egressFetch(url, {
        method: init?.method ?? request?.method ?? "GET",
        headers,
        body,
        timeoutMs: defaults.timeoutMs ?? 60_000,
        maxResponseBytes: defaults.maxResponseBytes ?? 10 * 1024 * 1024,
        trustedBases: defaults.trustedBases,
        signal: init?.signal ?? undefined,
      });
      const nullBody = res.status === 204 || res.status === 304 || (res.status >= 100 && res.status < 200);
      return new Response(nullBody ? null : new Uint8Array(res.body), {
        status: res.status,
        headers: res.headers,
      });
    } catch (e) {
      if (e instanceof EgressError) throw new TypeError(e.message, { cause: e });
      throw e;
    }
  };
}

/** The guard as a `fetch` (the AI SDK's providers take one); see makeGuardedFetch. */
export const guardedFetch: typeof fetch = makeGuardedFetch();

import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { LRUCache } from "lru-cache";
import { type Dispatcher, Pool } from "undici";
import { env } from "@/lib/env";
import { AllowList, isLoopbackAddress, isPublicAddress, parseAllowList } from "./addresses";

// The one way the app makes HTTP requests to addresses that users or admins typed in (webhook receivers,
// workflow HTTP steps, model providers, media ingest). The host is resolved once, every address it
// resolves to is checked, and the connection is pinned to a checked address, so a name that resolves to
// a public address at check time cannot be switched to 127.0.0.1 before the connect (DNS rebinding).
// Redirects are not followed: a 3xx comes back as it is, so a public URL cannot bounce into the network.

export type EgressErrorCode = "invalid_url" | "blocked_address" | "timeout" | "too_large" | "network";

export class EgressError extends Error {
  readonly code: EgressErrorCode;
  constructor(code: EgressErrorCode, message: string) {
    super(message);
    this.name = "EgressError";
    this.code = code;
  }
}

export interface EgressRequest {
  method?: string;
  headers?: Record<string, string> | Headers | [string, string][];
  body?: string | Uint8Array;
  /** The whole exchange (lookup, connect, request, response) must finish within this. Default 10 s. */
  timeoutMs?: number;
  /** Largest response body read. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Past maxResponseBytes: false (default) fails with too_large; true keeps the first bytes. */
  truncate?: boolean;
  /**
   * Called with the status and headers before any of the body is read: returns the largest body to
   * accept (in place of maxResponseBytes), or throws to refuse the answer unread (the error is rethrown
   * as it is). Media ingest decides the type's size limit here, so an oversized file stops streaming at
   * that limit.
   */
  limitFor?: (res: { status: number; headers: Headers }) => number;
  signal?: AbortSignal;
  /**
   * Base URLs from the operator's own configuration (never from user input) that may sit on loopback: a
   * URL under one of them (see underTrustedBase) may reach a loopback address when the base's host is a
   * loopback literal (127.0.0.0/8, [::1]) or `localhost` (and then only if it resolves to loopback). A
   * base written with any other name, or a private non-loopback address, gets no exception: DNS could
   * point that name anywhere inside the network. The Graph client passes Meta's configured base and the
   * built-in simulator's.
   */
  trustedBases?: readonly string[];
}

export interface EgressResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  truncated: boolean;
  /** The address the request went to. */
  address: string;
  text(): string;
  json(): unknown;
}

// Keep-alive connection pools (undici), one per origin and checked address: a new connection goes to the
// address the guard approved for this request (the pool's lookup answers with it, the name is not looked
// up again), and a reused one comes from that address's pool, never from one a later lookup could return.
// undici rather than node:http: a webhook post cost about half the client CPU (41 against 83-123 µs in a
// microbenchmark), and posting is most of a webhook worker's work.
//
// At most CONNECTIONS requests per pool are handed to undici at once; the rest wait here, and one that ends
// (times out, is aborted) while waiting is simply dropped. undici cannot take a request out of its own
// queue: each dead one reaching a connection would cost a new connection or close a kept-alive one.
const CONNECTIONS = 64;
interface PinnedPool {
  pool: Pool;
  active: number;
  waiting: (() => void)[];
}
const pools = new LRUCache<string, PinnedPool>({
  max: 256,
  // A pool dropped while in use finishes what it has started.
  dispose: (p) => void p.pool.close().catch(() => {}),
});
function poolFor(u: URL, pinned: { address: string; family: number }): PinnedPool {
  const key = `${u.origin} ${pinned.address}`;
  let p = pools.get(key);
  if (!p) {
    const lookup: LookupFunction = (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as (e: null, a: unknown[]) => void)(null, [pinned]);
      else cb(null, pinned.address, pinned.family);
    };
    // Idle connections close after 4 s, before a receiver's usual 5 s keep-alive timeout closes them under
    // us, and never later whatever a receiver's Keep-Alive header asks (undici would keep them 10 minutes).
    const pool = new Pool(u.origin, {
      connections: CONNECTIONS,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 4_000,
      connect: { lookup },
    });
    p = { pool, active: 0, waiting: [] };
    pools.set(key, p);
  }
  return p;
}
function startWaiting(p: PinnedPool): void {
  while (p.active < CONNECTIONS && p.waiting.length > 0) (p.waiting.shift() as () => void)();
}

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
        `${host === a.address ? host : `${host} resolves to`} a private or local address. An administrator can allow it with EGRESS_ALLOW_HOSTS.`,
      );
    }
  }
  return addresses[0]!;
}

function headerRecord(h: EgressRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  const entries = h instanceof Headers ? [...h.entries()] : Array.isArray(h) ? h : Object.entries(h);
  for (const [k, v] of entries) out[k.toLowerCase()] = v;
  return out;
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
    if (known) send(target, known, req, settle, (a) => (abort = a));
    else
      lookupHost(target)
        .then((addresses) => {
          if (settled) return;
          send(target, checkResolved(target, req.trustedBases, addresses), req, settle, (a) => (abort = a));
        })
        .catch((e: Error) => settle(e));
  });
}

function send(
  target: Target,
  pinned: { address: string; family: number },
  req: EgressRequest,
  settle: (e: Error | null, res?: EgressResponse) => void,
  started: (abort: () => void) => void,
): void {
  const { u } = target;
  const defaultMax = req.maxResponseBytes ?? 1024 * 1024;
  // Upper case, as node:http sent it (undici sends a method as written).
  const method = (req.method ?? "GET").toUpperCase();
  // A tunnel would hand the raw connection over, past every limit here.
  if (method === "CONNECT") {
    settle(new EgressError("invalid_url", "The CONNECT method is not allowed."));
    return;
  }
  const headers = headerRecord(req.headers);
  headers["accept-encoding"] = "identity";
  // The length is the body's own (undici counts it; a caller's value could only disagree).
  delete headers["content-length"];
  // Basic credentials written into the URL are sent as Node does for a URL.
  if ((u.username || u.password) && headers.authorization === undefined) {
    try {
      const user = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString("base64")}`;
    } catch {
      settle(new EgressError("invalid_url", "The URL's credentials are not valid percent-encoding."));
      return;
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let max = defaultMax;
  let truncated = false;
  let status = 0;
  let rawHeaders: Record<string, string | string[] | undefined> = {};
  let controller: Dispatcher.DispatchController | undefined;
  let done = false;
  // Built when asked for: most callers (webhook posts) only read the status and the body.
  let resHeaders: Headers | undefined;
  const headersOf = () => {
    if (!resHeaders) {
      resHeaders = new Headers();
      for (const [k, v] of Object.entries(rawHeaders)) {
        if (Array.isArray(v)) for (const one of v) resHeaders.append(k, one);
        else if (v !== undefined) resHeaders.set(k, v);
      }
    }
    return resHeaders;
  };
  const fail = (e: Error) => {
    if (done) return;
    done = true;
    settle(e);
  };
  const finish = () => {
    if (done) return;
    done = true;
    const out = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    settle(null, {
      status,
      get headers() {
        return headersOf();
      },
      body: out,
      truncated,
      address: pinned.address,
      text: () => out.toString("utf8"),
      json: () => JSON.parse(out.toString("utf8")),
    });
  };
  const tooLarge = () => new EgressError("too_large", `The answer is larger than ${max} bytes.`);
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
      // Ended (timed out, aborted) while it waited for a connection: not sent at all.
      if (done) c.abort(new Error("ended"));
    },
    onResponseStart(c, statusCode, resHeadersRaw) {
      // An interim answer (103 Early Hints, say) is not the answer: node:http never showed one either.
      if (statusCode < 200) return;
      status = statusCode;
      rawHeaders = resHeadersRaw;
      resHeaders = undefined;
      if (req.limitFor) {
        try {
          max = req.limitFor({ status: statusCode, headers: headersOf() });
          if (!Number.isFinite(max) || max < 0) throw new Error(`limitFor returned ${max}, not a size`);
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e)));
          return c.abort(new Error("refused"));
        }
      }
      // A HEAD, 204 or 304 answer declares a length it does not send.
      const bodyless = method === "HEAD" || statusCode === 204 || statusCode === 304;
      const declared = Number(resHeadersRaw["content-length"]);
      if (!req.truncate && !bodyless && Number.isFinite(declared) && declared > max) {
        fail(tooLarge());
        c.abort(new Error("too large"));
      }
    },
    onResponseData(c, chunk) {
      if (done) return;
      if (size + chunk.length > max) {
        if (!req.truncate) {
          fail(tooLarge());
          return c.abort(new Error("too large"));
        }
        // A cut-off answer cannot leave its connection to the pool: it is closed.
        chunks.push(chunk.subarray(0, max - size));
        size = max;
        truncated = true;
        finish();
        return c.abort(new Error("truncated"));
      }
      size += chunk.length;
      chunks.push(chunk);
    },
    onResponseEnd() {
      finish();
      release();
    },
    // Only a CONNECT or an Upgrade header leads here, and both are refused before sending: never kept.
    onRequestUpgrade(_c, _status, _headers, socket) {
      socket.destroy();
      fail(new EgressError("network", `${u.host}: the connection was upgraded`));
      release();
    },
    onResponseError(_c, e) {
      release();
      const err = e as Error & { code?: string };
      // undici refuses some values before sending (a header with a line break, say): a caller's mistake.
      if (err.code === "UND_ERR_INVALID_ARG" || err.code === "UND_ERR_NOT_SUPPORTED")
        return fail(new EgressError("invalid_url", err.message));
      const code = err.code === "UND_ERR_SOCKET" ? "the connection was closed early" : err.code;
      fail(new EgressError("network", `${u.host}: ${code ?? err.message}`));
    },
  };
  // The caller's end (timeout, signal): one still waiting here is dropped, one handed to undici aborted.
  started(() => {
    done = true;
    controller?.abort(new Error("ended"));
  });
  const p = poolFor(u, pinned);
  let dispatched = false;
  let released = false;
  function release() {
    if (!dispatched || released) return;
    released = true;
    p.active--;
    startWaiting(p);
  }
  const start = () => {
    if (done) return;
    dispatched = true;
    p.active++;
    try {
      p.pool.dispatch(
        {
          path: `${u.pathname}${u.search}`,
          method: method as Dispatcher.HttpMethod,
          headers,
          // A string body goes as it is (UTF-8): no copy of every webhook body into a Buffer first.
          body: req.body ?? null,
        },
        handler,
      );
    } catch (e) {
      fail(new EgressError("invalid_url", (e as Error).message));
      release();
    }
  };
  if (p.active < CONNECTIONS) start();
  else p.waiting.push(start);
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

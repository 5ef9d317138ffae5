import type { LookupFunction } from "node:net";
import { LRUCache } from "lru-cache";
import { type Dispatcher, Pool } from "undici";
import { EgressError, type EgressRequest, type EgressResponse } from "./types";

// The egress guard's transport (fetch.ts decides whether and where a request may go; this sends it there).
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

function headerRecord(h: EgressRequest["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  const entries = h instanceof Headers ? [...h.entries()] : Array.isArray(h) ? h : Object.entries(h);
  for (const [k, v] of entries) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Sends one request to `pinned` (an address the guard approved for `u`) and settles with the answer or an
 * EgressError. `started` receives the way to end it early (the caller's timeout or signal).
 */
export function send(
  u: URL,
  pinned: { address: string; family: number },
  req: EgressRequest,
  settle: (e: Error | null, res?: EgressResponse) => void,
  started: (abort: () => void) => void,
): void {
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

import { readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative } from "node:path";
import { testRequest } from "./request-context";

// The app's route handlers (every app/**/route.ts) served on a local port the way server.ts serves them:
// the signed webhook receiver and the front-door checks ahead of routing, then Next's matching rules
// (static before dynamic before catch-all segments, segments percent-decoded). Integration tests cross
// real HTTP hops through it without a Next build.

type RouteModule = Record<string, (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>>;
interface RouteEntry {
  segments: string[];
  file: string;
  load: () => Promise<RouteModule>;
}

const APP = join(process.cwd(), "app");

function routeFiles(dir = APP): RouteEntry[] {
  const out: RouteEntry[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full));
    else if (name === "route.ts") {
      // Route groups "(name)" are not part of the URL.
      const segments = relative(APP, dir)
        .split("/")
        .filter((s) => s && !/^\(.*\)$/.test(s));
      out.push({ segments, file: full, load: () => import(/* @vite-ignore */ full) as Promise<RouteModule> });
    }
  }
  const rank = (s: string | undefined) =>
    s === undefined ? 3 : s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0;
  return out.sort((a, b) => {
    for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
      const d = rank(a.segments[i]) - rank(b.segments[i]);
      if (d !== 0) return d;
    }
    return 0;
  });
}

function match(route: RouteEntry, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (const [i, seg] of route.segments.entries()) {
    const catchAll = /^\[\.\.\.(\w+)\]$/.exec(seg);
    if (catchAll) {
      const rest = parts.slice(i);
      if (rest.length === 0) return null;
      params[catchAll[1] ?? "path"] = rest.map(decodeURIComponent);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    const dynamic = /^\[(\w+)\]$/.exec(seg);
    if (dynamic) params[dynamic[1] ?? ""] = decodeURIComponent(part);
    else if (seg !== part) return null;
  }
  return route.segments.length === parts.length ? params : null;
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // Next builds the request URL from the Host header, so a handler sees the host the client claimed.
  const host =
    req.headers.host && URL.canParse(`http://${req.headers.host}`) ? `http://${req.headers.host}` : base;
  return new Request(new URL(req.url ?? "/", host), {
    method: req.method,
    headers,
    // Streamed, as Next hands bodies to route handlers: limits apply while reading.
    body: hasBody
      ? new ReadableStream({
          start(c) {
            req.on("data", (d: Buffer) => c.enqueue(new Uint8Array(d)));
            req.on("end", () => c.close());
            req.on("error", (e) => c.error(e));
          },
          cancel() {
            req.destroy();
          },
        })
      : undefined,
    // @ts-expect-error Node's fetch needs duplex for a streamed body
    duplex: "half",
  });
}

async function send(res: ServerResponse, r: Response) {
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => {
    headers[k] = v;
  });
  res.writeHead(r.status, headers);
  res.end(Buffer.from(await r.arrayBuffer()));
}

export async function startAppServer(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const { handleWebhookPost, WEBHOOK_PATH } = await import("@/lib/ingest/node-handler");
  const { answerFrontDoor } = await import("@/lib/http/front-door");
  const routes = routeFiles();
  const base = `http://127.0.0.1:${port}`;
  const server: Server = createServer(async (req, res) => {
    try {
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (req.method === "POST" && pathname === WEBHOOK_PATH) return await handleWebhookPost(req, res);
      if (answerFrontDoor(req, res, false)) return;
      const parts = pathname.split("/").filter(Boolean);
      for (const route of routes) {
        const params = match(route, parts);
        if (!params) continue;
        const mod = await route.load();
        const handler = mod[req.method ?? "GET"] ?? (req.method === "HEAD" ? mod.GET : undefined);
        if (!handler) {
          res.writeHead(405).end();
          return;
        }
        const request = await toRequest(req, base);
        return await testRequest.run(request, async () =>
          send(res, await handler(request, { params: Promise.resolve(params) })),
        );
      }
      res.writeHead(404, { "content-type": "text/html" }).end("<html>not found</html>");
    } catch (e) {
      // What Next would do with a handler that throws: a 500 (the fuzz suite asserts this never happens).
      console.error("[app-server] handler threw", e);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    }
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

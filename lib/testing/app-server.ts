import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// The app's HTTP surfaces that talk to each other (Meta proxy → sandbox Graph API → webhook receiver),
// served by their real handlers on a local port so integration tests cross real HTTP hops.
type Handler = (req: Request) => Promise<Response>;

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
  });
}

async function send(res: ServerResponse, r: Response) {
  res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
  res.end(Buffer.from(await r.arrayBuffer()));
}

export async function startAppServer(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const { handleGraph } = await import("@/lib/sandbox/graph-router");
  const { handleProxy } = await import("@/lib/proxy/router");
  const webhook = await import("@/app/api/webhooks/whatsapp/route");
  const { handleWebhookPost, WEBHOOK_PATH } = await import("@/lib/ingest/node-handler");
  const routes: [RegExp, (m: RegExpMatchArray) => Handler][] = [
    [
      /^\/api\/sandbox\/graph\/(.+)$/,
      (m) => (req) => handleGraph(req, m[1]!.split("/").map(decodeURIComponent)),
    ],
    [
      /^\/meta\/whatsapp\/([^/]+)\/(.+)$/,
      (m) => (req) => handleProxy(req, m[1]!, m[2]!.split("/").map(decodeURIComponent)),
    ],
    [/^\/api\/webhooks\/whatsapp$/, () => (req) => webhook.GET(req)],
  ];
  const base = `http://127.0.0.1:${port}`;
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", base).pathname;
    if (req.method === "POST" && path === WEBHOOK_PATH) return handleWebhookPost(req, res);
    for (const [re, make] of routes) {
      const m = path.match(re);
      if (m) return send(res, await make(m)(await toRequest(req, base)));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

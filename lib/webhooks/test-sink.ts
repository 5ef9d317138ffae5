import { createServer, type Server } from "node:http";

// A real local HTTP receiver for the webhook tests and the benchmark: records every request (headers and
// raw body, arrival time) and answers with whatever `respond` says (200 by default).

export interface SinkRequest {
  at: number;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type Answer = number | { status: number; body: string };

export interface Sink {
  url: string;
  port: number;
  requests: SinkRequest[];
  /** Status (or status and body) for the next request (called per request, in arrival order). */
  respond: (req: SinkRequest, index: number) => Answer | Promise<Answer>;
  /** Waits until `n` requests arrived (or throws after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSink(opts: { path?: string; keepBodies?: boolean } = {}): Promise<Sink> {
  const requests: SinkRequest[] = [];
  let server: Server;
  const sink: Sink = {
    url: "",
    port: 0,
    requests,
    respond: () => 200,
    async waitFor(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > until) throw new Error(`sink got ${requests.length} of ${n} requests`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        headers[k] = Array.isArray(v) ? v.join(",") : String(v ?? "");
      const r: SinkRequest = {
        at: Date.now(),
        path: req.url ?? "",
        headers,
        body: opts.keepBodies === false ? "" : Buffer.concat(chunks).toString("utf8"),
      };
      const index = requests.length;
      requests.push(r);
      const answer = await sink.respond(r, index);
      const status = typeof answer === "number" ? answer : answer.status;
      const body =
        typeof answer === "number" ? (status < 300 ? '{"ok":true}' : '{"error":"nope"}') : answer.body;
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  sink.port = typeof address === "object" && address ? address.port : 0;
  sink.url = `http://127.0.0.1:${sink.port}${opts.path ?? "/hook"}`;
  return sink;
}

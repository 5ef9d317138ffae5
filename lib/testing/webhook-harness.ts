import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { db } from "@/lib/db/client";
import { envelope, messagesChange, type NumberRef, signBody } from "@/lib/sandbox/payloads";
import { startAppServer } from "@/lib/testing/app-server";
import { makeNumber, makeProject } from "@/prisma/factories";

// Shared by the ingest integration tests. Meta's media endpoints, played by a local server: GET /v24.0/<id> describes, GET /files/<id> serves.
// The app's webhook receiver runs on its own port, as server.ts serves it.
let graph: Server;
let app: Awaited<ReturnType<typeof startAppServer>>;
/** When this file's servers started: events stored before then are another file's (see settle). */
let startedAt = new Date();
/** Registers the servers for the calling test file. */
export function registerWebhookHarness() {
  beforeAll(async () => {
    startedAt = new Date();
    app = await startAppServer(0);
    graph = createServer((req, res) => {
      const id = req.url?.split("?")[0]?.split("/").pop() ?? "";
      if (req.headers.authorization?.startsWith("Bearer ") !== true) return res.writeHead(401).end();
      if (req.url?.startsWith("/files/"))
        return res.writeHead(200, { "content-type": "image/jpeg" }).end(Buffer.from(`jpeg-bytes-${id}`));
      const { port } = graph.address() as AddressInfo;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          messaging_product: "whatsapp",
          id,
          url: `http://127.0.0.1:${port}/files/${id}`,
          mime_type: "image/jpeg",
          file_size: 20,
        }),
      );
    });
    await new Promise<void>((r) => graph.listen(0, "127.0.0.1", r));
    process.env.META_GRAPH_URL = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    graph.close();
    await app.close();
  });
}

export const POST = async (req: Request) =>
  fetch(`${app.url}/api/webhooks/whatsapp`, { method: "POST", headers: req.headers, body: await req.text() });

export type TestNumber = NumberRef & { id: string; appSecret: string; projectId: string };

export async function setup(): Promise<TestNumber> {
  const ctx = await makeProject();
  const n = await makeNumber(ctx, "LIVE");
  return { ...n, projectId: ctx.projectId };
}

/**
 * Waits until the webhook events in flight are processed. Only first attempts count: an event whose
 * processing failed once waits for the sweeper (the stale-event job), which these tests do not run, and
 * the test files share a database, so another file's failed event must not hold this one up; nor must
 * an event another file's server stored and never processed (a status webhook arriving as that file's
 * process ended: in production the sweeper picks such events up), so only this file's events count.
 */
export async function settle() {
  for (let i = 0; i < 300; i++) {
    if (
      (await db().webhookEvent.count({
        where: { status: "PENDING", attempts: 0, receivedAt: { gte: startedAt } },
      })) === 0
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const left = await db().webhookEvent.findMany({
    where: { status: "PENDING", attempts: 0, receivedAt: { gte: startedAt } },
    select: { id: true, projectId: true, receivedAt: true },
    take: 3,
  });
  throw new Error(`webhook events still pending: ${JSON.stringify(left)}`);
}

export async function post(body: unknown, secret: string | null, raw?: string) {
  const text = raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) headers["x-hub-signature-256"] = signBody(text, secret);
  const res = await POST(
    new Request("http://localhost/api/webhooks/whatsapp", { method: "POST", headers, body: text }),
  );
  await settle();
  return res;
}

export const send = (n: TestNumber, value: Parameters<typeof messagesChange>[1]) =>
  post(envelope(n.wabaId, [messagesChange(n, value)]), n.appSecret);

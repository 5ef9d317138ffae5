import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectId } from "@/lib/auth/project-id";
import { loadEnv } from "@/lib/env";
import { graph, graphFetch } from "@/lib/meta/client";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";
import { readProfile } from "@/lib/profile/mutations";
import { makeNumber, makeProject } from "@/prisma/factories";
import { syncTemplates } from "./sync";

// Template, profile and upload calls to Graph go through the egress guard. META_GRAPH_URL points at a
// fake Graph on loopback (as in development and tests) and EGRESS_ALLOW_HOSTS is empty: the configured
// base is reachable, nothing else on loopback is, and the guard's rules hold for Graph too (a redirect
// from "Graph" is not followed into the local network).

const hits: { graph: string[]; sink: string[] } = { graph: [], sink: [] };
const listen = async (
  handler: (req: IncomingMessage) => { status: number; headers?: Record<string, string>; body?: unknown },
) => {
  const server = createServer((req, res) => {
    const r = handler(req);
    res
      .writeHead(r.status, { "content-type": "application/json", ...r.headers })
      .end(JSON.stringify(r.body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

let fake: { server: Server; url: string };
let sink: { server: Server; url: string };
let number: NumberWithSecrets;
let projectId: ProjectId;

beforeAll(async () => {
  sink = await listen((req) => {
    hits.sink.push(req.url ?? "");
    return { status: 200, body: { data: [] } };
  });
  fake = await listen((req) => {
    hits.graph.push(
      `${req.method} ${(req.url ?? "").split("?")[0]} ${req.headers.authorization ? "auth" : "-"}`,
    );
    if (req.url?.includes("/whatsapp_business_profile"))
      return {
        status: 200,
        body: { data: [{ messaging_product: "whatsapp", about: "From the fake Graph" }] },
      };
    // A "Graph" that redirects into the local network.
    return { status: 302, headers: { location: `${sink.url}/stolen` } };
  });
  process.env.META_GRAPH_URL = fake.url;
  delete process.env.EGRESS_ALLOW_HOSTS;
  loadEnv();
  const ctx = await makeProject();
  projectId = ctx.projectId as ProjectId;
  const n = await makeNumber(ctx, "LIVE");
  number = (await projectNumber(projectId, n.id))!;
});
afterAll(async () => {
  for (const s of [fake.server, sink.server]) await new Promise<void>((r) => s.close(() => r()));
});

describe("Graph calls for templates and profiles, through the egress guard", () => {
  it("reach the configured Graph base on loopback without EGRESS_ALLOW_HOSTS", async () => {
    const profile = await readProfile(projectId, number.id);
    expect(profile.about).toBe("From the fake Graph");
    expect(hits.graph).toContain(`GET /v24.0/${number.phoneNumberId}/whatsapp_business_profile auth`);
  });

  it("do not follow Graph's redirect into the local network (the runtime's fetch would)", async () => {
    hits.graph.length = 0;
    await syncTemplates(projectId).catch(() => {});
    expect(hits.graph).toContain(`GET /v24.0/${number.wabaId}/message_templates auth`);
    expect(hits.sink).toEqual([]);
    // The same call without the guard follows it: what the guard stops.
    await graph(number, "GET", `${number.wabaId}/message_templates`, { attempts: 1 }).catch(() => {});
    expect(hits.sink).toEqual(["/stolen"]);
  });

  it("open only the configured bases: another loopback port stays refused", async () => {
    await expect(graphFetch(`${sink.url}/v24.0/me`)).rejects.toThrow(/private or local address/);
    expect(
      (await graphFetch(`${fake.url}/v24.0/${number.phoneNumberId}/whatsapp_business_profile`)).status,
    ).toBe(200);
  });

  it("do not trust a Graph base written with a host name, though it resolves to loopback", async () => {
    // Only a base written as a loopback address (or localhost) may reach loopback: a name's address is
    // DNS's to decide, and could be any host inside the network.
    const named = fake.url.replace("127.0.0.1", hostname().toLowerCase());
    process.env.META_GRAPH_URL = named;
    loadEnv();
    try {
      hits.graph.length = 0;
      await expect(readProfile(projectId, number.id)).rejects.toThrow();
      await expect(graphFetch(`${named}/v24.0/me`)).rejects.toThrow(/private or local address/);
      expect(hits.graph).toEqual([]);
    } finally {
      process.env.META_GRAPH_URL = fake.url;
      loadEnv();
    }
    expect((await readProfile(projectId, number.id)).about).toBe("From the fake Graph");
  });
});

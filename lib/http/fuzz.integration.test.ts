import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/mutations";
import { createEmbed } from "@/lib/embeds/mutations";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeConversation, makeNumber, makeProject } from "@/prisma/factories";
import { type Case, casesFor, type Door, type Shape } from "./fuzz-cases";

// Every door of the app, hit with hundreds of malformed requests over real HTTP (the route files served
// as server.ts serves them, a real database). Each answer must be < 500, JSON in that door's error shape,
// and name the problem; the health check must still answer 200 afterwards.
//
// Auth.js reads its cookie through Next's request scope, which a test server does not have: the stand-in
// below reads the user id the test puts in a header instead. Everything after it (membership, roles,
// scopes, the database) is real.
const session = vi.hoisted(() => ({ header: "x-test-user" }));
vi.mock("@/lib/auth/auth", async () => {
  const { testRequest } = await import("@/lib/testing/request-context");
  return {
    auth: async () => {
      const id = testRequest.getStore()?.headers.get(session.header);
      return id ? { user: { id } } : null;
    },
    handlers: {},
    signIn: async () => {},
    signOut: async () => {},
  };
});

// Sandbox numbers' Graph calls go to INTERNAL_URL, read once: this run's server, on a port known now.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>>;
let doors: Door[] = [];

beforeAll(async () => {
  server = await startAppServer(PORT);
  const ctx = await makeProject();
  const number = await makeNumber(ctx);
  const conversation = await makeConversation(ctx, number.id);
  const { key } = await createApiKey(ctx.projectId, "fuzz", ctx.user.id);
  const { token } = await createEmbed(
    ctx.projectId,
    { name: "Fuzz", scope: "PROJECT", allowedOrigins: ["https://host.example"], defaultMode: "SYSTEM" },
    { userId: ctx.user.id },
  );
  const c = conversation.id;
  const pn = number.phoneNumberId;
  const apiKey = { "x-api-key": key };
  const user = { [session.header]: ctx.user.id };
  const p = `/api/projects/${ctx.projectId}`;
  doors = [
    {
      name: "Platform API",
      shape: "kapso",
      headers: apiKey,
      // An API key is not ambient like a cookie: Origin does not matter, the answer is the body's.
      foreignOrigin: [400, 404, 422],
      writes: [
        {
          method: "POST",
          path: "/platform/v1/inbox_embeds",
          fields: [
            "inbox_embed",
            "inbox_embed.name",
            "inbox_embed.expires_at",
            "inbox_embed.allowed_origins",
          ],
        },
        {
          method: "PATCH",
          path: `/platform/v1/whatsapp/conversations/${c}`,
          fields: ["whatsapp_conversation.status"],
        },
        {
          method: "POST",
          path: `/platform/v1/whatsapp/conversations/${c}/assignments`,
          fields: ["assignment.user_id", "assignment.notes"],
        },
        {
          method: "POST",
          path: "/platform/v1/workflows",
          fields: ["workflow.name", "workflow.definition", "workflow.status"],
        },
      ],
      reads: [
        {
          path: "/platform/v1/whatsapp/conversations",
          dates: ["last_active_since", "last_active_until"],
          cursors: ["after", "before"],
          params: ["limit", "status", "unassigned"],
        },
        { path: `/platform/v1/whatsapp/conversations/${c}/assignments`, params: ["page", "per_page"] },
        { path: "/platform/v1/workflows", params: ["page", "per_page", "status"] },
      ],
      idPaths: [
        "/platform/v1/inbox_embeds/{id}",
        "/platform/v1/whatsapp/conversations/{id}",
        "/platform/v1/workflows/{id}/definition",
      ],
      unknownPrefix: "/platform/v1",
      wrongMethods: [
        { method: "PUT", path: "/platform/v1/inbox_embeds" },
        { method: "DELETE", path: "/platform/v1/users" },
        { method: "POST", path: `/platform/v1/whatsapp/conversations/${c}` },
      ],
    },
    {
      name: "Meta proxy",
      shape: "graph",
      headers: apiKey,
      writes: [
        {
          method: "POST",
          path: `/meta/whatsapp/v24.0/${pn}/messages`,
          fields: ["to", "type", "text.body", "messaging_product"],
        },
        { method: "PATCH", path: `/meta/whatsapp/v24.0/conversations/${c}`, fields: ["status"] },
      ],
      reads: [
        {
          path: `/meta/whatsapp/v24.0/${pn}/messages`,
          dates: ["since", "until"],
          cursors: ["after", "before"],
          params: ["limit", "direction", "status"],
        },
        {
          path: `/meta/whatsapp/v24.0/${pn}/conversations`,
          dates: ["last_active_since", "last_active_until"],
          cursors: ["after", "before"],
          params: ["limit"],
        },
        { path: `/meta/whatsapp/v24.0/${pn}/contacts`, cursors: ["after", "before"], params: ["limit"] },
      ],
      idPaths: [`/meta/whatsapp/v24.0/{id}/messages`, "/meta/whatsapp/v24.0/conversations/{id}"],
      unknownPrefix: "/meta",
      wrongMethods: [{ method: "PUT", path: `/meta/whatsapp/v24.0/${pn}/messages` }],
    },
    {
      name: "Embed API",
      shape: "dashboard",
      headers: {},
      foreignOrigin: [403],
      writes: [
        {
          method: "POST",
          path: `/api/embed/${token}/conversations/${c}/messages`,
          fields: ["text", "replyTo"],
        },
        {
          method: "POST",
          path: `/api/embed/${token}/conversations/${c}/assignment`,
          fields: ["userId", "note"],
        },
        { method: "PATCH", path: `/api/embed/${token}/conversations/${c}`, fields: ["status"] },
      ],
      reads: [
        {
          path: `/api/embed/${token}/conversations`,
          cursors: ["cursor"],
          params: ["status", "assignee", "q"],
        },
        { path: `/api/embed/${token}/conversations/${c}/messages`, cursors: ["before"] },
      ],
      idPaths: [
        `/api/embed/${token}/conversations/{id}`,
        `/api/embed/{id}/conversations`,
        `/api/embed/${token}/media/{id}`,
      ],
      unknownPrefix: `/api/embed/${token}`,
      wrongMethods: [{ method: "DELETE", path: `/api/embed/${token}/conversations` }],
    },
    {
      name: "Session API",
      shape: "dashboard",
      headers: user,
      foreignOrigin: [403],
      writes: [
        { method: "POST", path: `${p}/inbox/conversations/${c}/messages`, fields: ["text", "replyTo"] },
        {
          method: "POST",
          path: `${p}/inbox/conversations/${c}/templates`,
          fields: ["name", "language", "body"],
        },
        { method: "POST", path: `${p}/inbox/conversations/${c}/reactions`, fields: ["messageId", "emoji"] },
        {
          method: "POST",
          path: "/api/sandbox/phone",
          fields: ["numberId", "kind", "customer.waId", "latitude"],
        },
      ],
      reads: [
        {
          path: `${p}/inbox/conversations`,
          cursors: ["cursor"],
          params: ["status", "assignee", "numberId", "q"],
        },
        { path: `${p}/inbox/conversations/${c}/messages`, cursors: ["before"] },
        {
          path: `/api/sandbox/phone?numberId=${number.id}&customer=15551234567`,
          params: ["numberId", "customer"],
        },
        { path: `${p}/members` },
      ],
      idPaths: [
        `${p}/inbox/conversations/{id}`,
        `/api/projects/{id}/members`,
        `${p}/inbox/conversations/{id}/contact`,
      ],
      unknownPrefix: `${p}/inbox`,
      wrongMethods: [
        { method: "POST", path: `${p}/members` },
        { method: "DELETE", path: `${p}/inbox/conversations` },
        { method: "PUT", path: "/api/sandbox/phone" },
      ],
    },
    {
      name: "Sandbox Graph API",
      shape: "graph",
      headers: { authorization: `Bearer ${number.accessToken}` },
      writes: [
        {
          method: "POST",
          path: `/api/sandbox/graph/v24.0/${pn}/messages`,
          fields: ["to", "type", "text.body", "messaging_product"],
        },
        {
          method: "POST",
          path: `/api/sandbox/graph/v24.0/${pn}/whatsapp_business_profile`,
          fields: ["about", "messaging_product"],
        },
        {
          method: "POST",
          path: `/api/sandbox/graph/v24.0/${number.wabaId}/message_templates`,
          fields: ["name", "language", "category", "components"],
        },
      ],
      reads: [
        {
          path: `/api/sandbox/graph/v24.0/${number.wabaId}/message_templates`,
          params: ["limit", "name", "status"],
        },
      ],
      idPaths: ["/api/sandbox/graph/v24.0/{id}", "/api/sandbox/graph/v24.0/media-download/{id}"],
      unknownPrefix: "/api/sandbox/graph",
      wrongMethods: [{ method: "PATCH", path: `/api/sandbox/graph/v24.0/${pn}/messages` }],
    },
    {
      name: "Webhook receiver",
      shape: "kapso",
      headers: {},
      writes: [{ method: "POST", path: "/api/webhooks/whatsapp", fields: ["object", "entry"] }],
      reads: [
        { path: "/api/webhooks/whatsapp?hub.mode=subscribe", params: ["hub.verify_token", "hub.challenge"] },
      ],
      idPaths: [],
      wrongMethods: [
        { method: "PUT", path: "/api/webhooks/whatsapp" },
        { method: "DELETE", path: "/api/webhooks/whatsapp" },
      ],
    },
    {
      name: "Health",
      shape: "dashboard",
      headers: {},
      writes: [],
      reads: [{ path: "/api/health", params: ["x"] }],
      idPaths: [],
      wrongMethods: [
        { method: "POST", path: "/api/health" },
        { method: "DELETE", path: "/api/health" },
      ],
    },
  ];
}, 60_000);

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** One raw HTTP request (node:http, so a lying Content-Length and odd bytes go out as written). */
function send(c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body =
      c.body === undefined
        ? undefined
        : typeof c.body === "string"
          ? Buffer.from(c.body)
          : Buffer.from(c.body);
    const headers: Record<string, string | number> = { ...c.headers };
    if (body) headers["content-length"] = c.declaredLength ?? body.length;
    const req = httpRequest(`${server.url}${c.path}`, { method: c.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers["content-type"] ?? ""),
          text: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    // A liar's connection is cut by the server once it has answered: that is the point.
    req.on("error", (e) =>
      c.declaredLength
        ? resolve({ status: 413, type: "application/json", text: '{"error":"large"}' })
        : reject(e),
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`timed out: ${c.what}`)));
    if (body) req.write(body);
    // The liar never finishes its body; the server must answer anyway.
    if (c.declaredLength) return;
    req.end();
  });
}

/** The error message in a door's shape, or null when the body is not that shape. */
function messageOf(shape: Shape, text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const j = json as { error?: unknown; code?: unknown };
  if (shape === "graph") {
    const e = j.error as
      | { message?: unknown; code?: unknown; type?: unknown; error_data?: { details?: unknown } }
      | undefined;
    // Meta puts the specifics in error_data.details ("(#100) Invalid parameter" + what was wrong).
    return typeof e?.message === "string" && typeof e.code === "number" && typeof e.type === "string"
      ? `${e.message} ${typeof e.error_data?.details === "string" ? e.error_data.details : ""}`
      : null;
  }
  if (shape === "dashboard")
    return typeof j.error === "string" && typeof j.code === "string" ? j.error : null;
  return typeof j.error === "string" ? j.error : null;
}

describe("fuzzing every door with bad input", () => {
  it("answers every malformed request with a 4xx JSON error in the door's shape, naming the problem", async () => {
    const cases = doors.flatMap(casesFor);
    expect(cases.length).toBeGreaterThan(500);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let c = cases[next++]; c; c = cases[next++]) {
        const a = await send(c).catch((e: Error) => ({ status: 0, type: "", text: e.message }));
        const tag = `[${c.door}] ${c.what} → ${a.status} ${a.text.slice(0, 160)}`;
        if (a.status === 0 || a.status >= 500) failures.push(`server error or hang: ${tag}`);
        else if (c.status && !c.status.includes(a.status))
          failures.push(`status ${a.status} not in ${c.status}: ${tag}`);
        else if (a.status >= 400) {
          // The handshake answers Meta in text by design; everything else is JSON in the door's shape.
          if (c.path.startsWith("/api/webhooks/whatsapp?") && a.status === 403) continue;
          const message = messageOf(c.shape, a.text);
          if (!a.type.includes("json") || message === null) failures.push(`not ${c.shape} JSON: ${tag}`);
          else if (!message.trim()) failures.push(`empty message: ${tag}`);
          // Refused at the door (401, or 403 for a cross-site case) before the input was looked at.
          else if (
            c.expect &&
            a.status !== 401 &&
            (a.status !== 403 || c.what.includes("foreign Origin")) &&
            !c.expect.test(message)
          )
            failures.push(`message does not name the problem (${c.expect}): ${tag}`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(`[fuzz] ${cases.length} cases over ${doors.length} doors in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  }, 120_000);
});

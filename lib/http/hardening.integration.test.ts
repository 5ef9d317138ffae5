import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { createEmbed } from "@/lib/embeds/mutations";
import { env } from "@/lib/env";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

// One test per hardening item of issue #9 that lives in the HTTP layer; each failed before its fix.

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

const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.APP_URL = "https://switchboard.example.com";

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer(PORT);
});
afterAll(async () => {
  await server?.close();
});

/** Sends headers and `sent` bytes but declares `declared`, never finishing: the answer must not wait. */
function liar(path: string, headers: Record<string, string>, declared: number, sent: number) {
  return new Promise<{ status: number; ms: number; text: string }>((resolve, reject) => {
    const started = Date.now();
    const req = httpRequest(
      `${server.url}${path}`,
      { method: "POST", headers: { ...headers, "content-length": declared } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            ms: Date.now() - started,
            text: Buffer.concat(chunks).toString(),
          });
          req.destroy();
        });
      },
    );
    req.on("error", () => {});
    req.setTimeout(5_000, () =>
      reject(new Error(`${path}: no answer within 5 s (the server waited for the body)`)),
    );
    req.write(Buffer.alloc(sent, 0x20));
  });
}

describe("unauthenticated memory use", () => {
  it("answers 401 at once to unauthenticated uploads that declare 50 MB and send 1 KB", async () => {
    const tenant = await makeProject();
    const number = await makeNumber(tenant);
    const doors = [
      `/meta/whatsapp/v24.0/${number.phoneNumberId}/media`,
      `/meta/whatsapp/v24.0/${number.phoneNumberId}/messages`,
      "/api/sandbox/phone",
      `/api/sandbox/graph/v24.0/${number.phoneNumberId}/media`,
      `/api/projects/${tenant.projectId}/inbox/conversations/x/attachments`,
    ];
    for (const path of doors) {
      const r = await liar(
        path,
        { "content-type": "multipart/form-data; boundary=x" },
        50 * 1024 * 1024,
        1024,
      );
      expect(r.status, path).toBe(401);
      expect(r.ms, path).toBeLessThan(2_000);
    }
  });

  it("answers 413 at once to an authenticated JSON body declared over the limit", async () => {
    const tenant = await makeProject();
    const number = await makeNumber(tenant);
    const { key } = await createApiKey(memberScope(tenant), memberActor(tenant), { name: "k" });
    const r = await liar(
      `/meta/whatsapp/v24.0/${number.phoneNumberId}/messages`,
      { "x-api-key": key, "content-type": "application/json" },
      50 * 1024 * 1024,
      1024,
    );
    expect(r.status).toBe(413);
    expect(r.ms).toBeLessThan(2_000);
    expect(JSON.parse(r.text).error.message).toMatch(/larger than/);
  });
});

describe("cross-site requests to session routes", () => {
  it("refuses a state change from another site and a non-JSON body, and accepts our own pages", async () => {
    const tenant = await makeProject();
    const number = await makeNumber(tenant);
    const c = await makeConversation(tenant, number.id);
    const path = `${server.url}/api/projects/${tenant.projectId}/inbox/conversations/${c.id}/read`;
    const user = { [session.header]: tenant.user.id };

    const foreign = await fetch(path, {
      method: "POST",
      headers: { ...user, origin: "https://evil.example", "content-type": "text/plain" },
      body: "{}",
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error).toMatch(/Cross-site/);

    const fetchSite = await fetch(path, {
      method: "POST",
      headers: { ...user, "sec-fetch-site": "cross-site" },
    });
    expect(fetchSite.status).toBe(403);

    const textPlain = await fetch(
      `${server.url}/api/projects/${tenant.projectId}/inbox/conversations/${c.id}/messages`,
      {
        method: "POST",
        headers: { ...user, "sec-fetch-site": "same-origin", "content-type": "text/plain" },
        body: JSON.stringify({ text: "hi" }),
      },
    );
    expect(textPlain.status).toBe(415);

    const own = await fetch(path, { method: "POST", headers: { ...user, "sec-fetch-site": "same-origin" } });
    expect(own.status).toBe(200);
  });
});

describe("paging links", () => {
  it("use APP_URL, not the Host the request claimed", async () => {
    const tenant = await makeProject();
    const number = await makeNumber(tenant);
    for (let i = 0; i < 3; i++) await makeConversation(tenant, number.id);
    const { key } = await createApiKey(memberScope(tenant), memberActor(tenant), { name: "k" });
    const res = await new Promise<string>((resolve, reject) => {
      httpRequest(
        `${server.url}/platform/v1/whatsapp/conversations?limit=1`,
        { headers: { "x-api-key": key, host: "evil.example" } },
        (r) => {
          const chunks: Buffer[] = [];
          r.on("data", (d: Buffer) => chunks.push(d));
          r.on("end", () => resolve(Buffer.concat(chunks).toString()));
        },
      )
        .on("error", reject)
        .end();
    });
    const next = JSON.parse(res).paging.next as string;
    expect(next.startsWith(`${env().APP_URL.replace(/\/$/, "")}/platform/v1/whatsapp/conversations?`)).toBe(
      true,
    );
    expect(next).not.toContain("evil.example");
  });
});

describe("dates outside the database's range", () => {
  it("refuses an embed expires_at in year 10000 and lists an embed stored with one", async () => {
    const tenant = await makeProject();
    const { key } = await createApiKey(memberScope(tenant), memberActor(tenant), { name: "k" });
    const h = { "x-api-key": key, "content-type": "application/json" };
    const res = await fetch(`${server.url}/platform/v1/inbox_embeds`, {
      method: "POST",
      headers: h,
      body: JSON.stringify({
        inbox_embed: { name: "Far", scope_type: "project", expires_at: "10000-01-01T00:00:00Z" },
      }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/expires_at/);

    // A row written before the bound (as the review did): the list and the item must still answer.
    const { embed } = await createEmbed(memberScope(tenant), memberActor(tenant), {
      name: "Old",
      scope: "PROJECT",
      allowedOrigins: [],
      defaultMode: "SYSTEM",
    });
    await db().$executeRawUnsafe(
      `UPDATE "InboxEmbed" SET "expiresAt" = '10000-01-01T00:00:00Z' WHERE id = $1`,
      embed.id,
    );
    const list = await fetch(`${server.url}/platform/v1/inbox_embeds`, { headers: h });
    expect(list.status).toBe(200);
    const item = (await list.json()).data.find((e: { id: string }) => e.id === embed.id);
    expect(item.expires_at).toBeNull();
  });

  it("refuses out-of-range cursors and filters with a 4xx naming them", async () => {
    const tenant = await makeProject();
    const { key } = await createApiKey(memberScope(tenant), memberActor(tenant), { name: "k" });
    const far = Buffer.from(JSON.stringify({ t: "+010000-01-01T00:00:00.000Z", id: "x" })).toString(
      "base64url",
    );
    for (const q of [`after=${far}`, "last_active_since=300000000000", "last_active_until=99999-01-01"]) {
      const res = await fetch(`${server.url}/platform/v1/whatsapp/conversations?${q}`, {
        headers: { "x-api-key": key },
      });
      expect(res.status, q).toBe(422);
      expect((await res.json()).error, q).toMatch(/after|last_active|cursor/);
    }
  });
});

describe("unknown paths and methods", () => {
  it("answer JSON in each API's shape", async () => {
    const platform = await fetch(`${server.url}/platform/v1/nope`);
    expect(platform.status).toBe(404);
    expect(await platform.json()).toEqual({ error: expect.stringMatching(/Unknown path/) });

    const wrong = await fetch(`${server.url}/platform/v1/users`, { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect((await wrong.json()).error).toMatch(/DELETE is not allowed/);

    const meta = await fetch(`${server.url}/meta/whatsapp/v24.0`);
    expect(meta.status).toBe(404);
    expect((await meta.json()).error).toMatchObject({ code: 100, type: expect.any(String) });
  });
});

describe("a proxy send that is refused", () => {
  it("writes nothing: an unknown type or a missing content object is a 4xx before any row", async () => {
    const tenant = await makeProject();
    const number = await makeNumber(tenant);
    const { key } = await createApiKey(memberScope(tenant), memberActor(tenant), { name: "k" });
    for (const body of [
      { messaging_product: "whatsapp", to: "15550001111", type: "bogus", bogus: {} },
      { messaging_product: "whatsapp", to: "15550001111", type: "text" },
      { messaging_product: "whatsapp", to: "15550001111", type: "image", image: "not an object" },
    ]) {
      const res = await fetch(`${server.url}/meta/whatsapp/v24.0/${number.phoneNumberId}/messages`, {
        method: "POST",
        headers: { "x-api-key": key, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await res.json()).error.message).toMatch(/type|text|image/);
    }
    expect(await db().message.count({ where: { projectId: tenant.projectId } })).toBe(0);
    expect(await db().conversation.count({ where: { projectId: tenant.projectId } })).toBe(0);
  });
});

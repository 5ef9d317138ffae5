import { beforeEach, describe, expect, it, vi } from "vitest";
import * as embedRoute from "@/app/api/embed/[token]/[...path]/route";
import * as one from "@/app/platform/v1/inbox_embeds/[id]/route";
import * as collection from "@/app/platform/v1/inbox_embeds/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import type { ProjectContext } from "@/lib/auth/project-id";
import { listInbox } from "@/lib/conversations/data";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  makeConversation,
  makeMember,
  makeNumber,
  makeProject,
  memberActor,
  memberScope,
} from "@/prisma/factories";
import { createEmbedAction, revokeEmbedAction, updateEmbedAction } from "./actions";
import { hashEmbedToken, resolveEmbedToken } from "./data";
import { embedPagePolicy } from "./frame";
import { createEmbed, revokeEmbed } from "./mutations";
import { createEmbedSchema } from "./schema";

// Server actions read the session through Auth.js and revalidate through Next's cache; outside a
// request both are stood in for, and everything below them (roles, database) is real.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

beforeEach(() => {
  session.userId = null;
  revalidatePath.mockClear();
});

const input = (over: Record<string, unknown> = {}) =>
  createEmbedSchema.parse({ name: "Support portal", scope: "PROJECT", allowedOrigins: [], ...over });

const req = (key: string | null, path: string, method = "GET", body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { ...(key ? { "x-api-key": key } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const noParams = { params: Promise.resolve({}) };

async function rejects(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
}

async function listedConversationIds(token: string): Promise<string[]> {
  const embed = await resolveEmbedToken(token);
  return (await listInbox(embed.access, {})).items.map((c) => c.id).sort();
}

async function withKey(ctx: ProjectContext) {
  return (await createApiKey(memberScope(ctx), memberActor(ctx), { name: "embeds test" })).key;
}

describe("inbox embeds: framing and last use", () => {
  it("lets the allowed origins frame the 401 page of a revoked or expired embed, and nobody an unknown one", async () => {
    const ctx = await makeProject();
    const origins = ["https://app.example.com", "https://*.example.org"];
    const { embed, token } = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ allowedOrigins: origins }),
    );
    const want = "frame-ancestors 'self' https://app.example.com https://*.example.org";
    expect(await embedPagePolicy(`/embed/${token}`)).toBe(want);
    await revokeEmbed(memberScope(ctx), { kind: "system" }, { embedId: embed.id });
    expect(await embedPagePolicy(`/embed/${token}`)).toBe(want);
    expect(await embedPagePolicy(`/embed/sbe_${"x".repeat(43)}`)).toBe("frame-ancestors 'none'");
    expect(await embedPagePolicy("/embed/nonsense")).toBe("frame-ancestors 'none'");
  });

  it("counts use from the embed's API calls, not from a page load the browser may refuse to frame", async () => {
    const ctx = await makeProject();
    const { embed, token } = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ allowedOrigins: ["https://ok.example"] }),
    );
    const lastUsed = async () =>
      (await db().inboxEmbed.findUniqueOrThrow({ where: { id: embed.id } })).lastUsedAt;
    await embedPagePolicy(`/embed/${token}`);
    await resolveEmbedToken(token, { touch: false });
    expect(await lastUsed()).toBeNull();
    const call = (origin: string) =>
      embedRoute.GET(
        new Request(`http://localhost/api/embed/${token}/numbers`, {
          headers: { origin, host: "localhost" },
        }),
        { params: Promise.resolve({ token, path: ["numbers"] }) },
      );
    expect((await call("https://evil.example")).status).toBe(403);
    expect(await lastUsed()).toBeNull();
    expect((await call("https://ok.example")).status).toBe(200);
    expect(await lastUsed()).not.toBeNull();
  });
});

describe("inbox embeds: tokens and scope", () => {
  it("stores only a hash of the token, and resolves it until it expires or is revoked", async () => {
    const ctx = await makeProject();
    const { embed, token } = await createEmbed(memberScope(ctx), memberActor(ctx), input());
    expect(token).toMatch(/^sbe_[\w-]{40,}$/);

    const row = await db().inboxEmbed.findUniqueOrThrow({ where: { id: embed.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.tokenHash).toBe(hashEmbedToken(token));
    expect(token.startsWith(row.tokenPrefix)).toBe(true);
    expect(embed).not.toHaveProperty("token");

    const resolved = await resolveEmbedToken(token);
    expect(resolved).toMatchObject({ id: embed.id, projectId: ctx.projectId, defaultMode: "SYSTEM" });
    expect(resolved.access.numberIds).toBeUndefined(); // the whole project
    expect((await db().inboxEmbed.findUniqueOrThrow({ where: { id: embed.id } })).lastUsedAt).not.toBeNull();

    await rejects(resolveEmbedToken(`sbe_${"x".repeat(43)}`), "unauthenticated");
    await rejects(resolveEmbedToken("not-a-token"), "unauthenticated");

    await db().inboxEmbed.update({
      where: { id: embed.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await rejects(resolveEmbedToken(token), "unauthenticated");

    const second = await createEmbed(memberScope(ctx), memberActor(ctx), input());
    await revokeEmbed(memberScope(ctx), memberActor(ctx), { embedId: second.embed.id });
    await rejects(resolveEmbedToken(second.token), "unauthenticated");
  });

  it("a phone-number embed lists only that number's conversations", async () => {
    const ctx = await makeProject();
    const a = await makeNumber(ctx);
    const b = await makeNumber(ctx);
    const onA = await makeConversation(ctx, a.id);
    await makeConversation(ctx, b.id);
    // Meta's phone_number_id (what Kapso's API takes) or ours both name the number.
    const byMeta = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ scope: "PHONE_NUMBER", scopeId: a.phoneNumberId }),
    );
    const byOurs = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ scope: "PHONE_NUMBER", scopeId: a.id }),
    );
    expect(await listedConversationIds(byMeta.token)).toEqual([onA.id]);
    expect(await listedConversationIds(byOurs.token)).toEqual([onA.id]);
    expect(byMeta.embed).toMatchObject({ scope: "PHONE_NUMBER", scopeId: a.phoneNumberId });
  });

  it("a customer embed follows the customer's numbers, including one added later", async () => {
    const ctx = await makeProject();
    const customer = await db().customer.create({ data: { projectId: ctx.projectId, name: "Acme" } });
    const a = await makeNumber(ctx);
    const later = await makeNumber(ctx);
    const other = await makeNumber(ctx);
    await db().phoneNumber.update({ where: { id: a.id }, data: { customerId: customer.id } });
    const onA = await makeConversation(ctx, a.id);
    const onLater = await makeConversation(ctx, later.id);
    await makeConversation(ctx, other.id);

    const { embed, token } = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ scope: "CUSTOMER", scopeId: customer.id }),
    );
    expect(embed).toMatchObject({ scope: "CUSTOMER", scopeId: customer.id, scopeName: "Acme" });
    expect(await listedConversationIds(token)).toEqual([onA.id]);

    await db().phoneNumber.update({ where: { id: later.id }, data: { customerId: customer.id } });
    expect(await listedConversationIds(token)).toEqual([onA.id, onLater.id].sort());
  });

  it("a customer with no numbers shows nothing rather than the whole project", async () => {
    const ctx = await makeProject();
    await makeConversation(ctx, (await makeNumber(ctx)).id);
    const customer = await db().customer.create({ data: { projectId: ctx.projectId, name: "Empty" } });
    const { token } = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ scope: "CUSTOMER", scopeId: customer.id }),
    );
    expect(await listedConversationIds(token)).toEqual([]);
  });
});

describe("Platform API: /platform/v1/inbox_embeds", () => {
  it("creates (token and embed_url only here), lists most recent first, gets, patches and revokes", async () => {
    const ctx = await makeProject();
    const key = await withKey(ctx);
    const n = await makeNumber(ctx);

    const res = await collection.POST(
      req(key, "/platform/v1/inbox_embeds", "POST", {
        inbox_embed: {
          name: "Support inbox",
          scope_type: "phone_number",
          scope_id: n.phoneNumberId,
          allowed_origins: ["https://App.Example.com/", "https://*.example.com"],
          default_mode: "dark",
          expires_at: "2999-12-31T00:00:00Z",
          language: "es",
        },
      }),
      noParams,
    );
    expect(res.status).toBe(201);
    const created = (await res.json()).data;
    expect(created).toMatchObject({
      name: "Support inbox",
      scope_type: "phone_number",
      scope_id: n.phoneNumberId,
      scope_name: `${n.verifiedName} · ${n.displayPhoneNumber}`,
      status: "active",
      allowed_origins: ["https://app.example.com", "https://*.example.com"],
      default_mode: "dark",
      expires_at: "2999-12-31T00:00:00.000Z",
      last_used_at: null,
    });
    expect(created.token).toMatch(/^sbe_/);
    expect(created.embed_url).toMatch(new RegExp(`/embed/${created.token}$`));
    expect(Object.keys(created).sort()).toEqual(
      [
        "id",
        "name",
        "scope_type",
        "scope_id",
        "scope_name",
        "status",
        "allowed_origins",
        "default_mode",
        "expires_at",
        "last_used_at",
        "created_at",
        "updated_at",
        "token",
        "embed_url",
      ].sort(),
    );
    expect((await resolveEmbedToken(created.token)).id).toBe(created.id);

    const project = await (
      await collection.POST(
        req(key, "/platform/v1/inbox_embeds", "POST", {
          inbox_embed: { name: "All", scope_type: "project" },
        }),
        noParams,
      )
    ).json();
    expect(project.data).toMatchObject({ scope_type: "project", scope_id: null, default_mode: "system" });
    expect(project.data.allowed_origins).toEqual([]);

    const list = await (await collection.GET(req(key, "/platform/v1/inbox_embeds"), noParams)).json();
    expect(list.data.map((e: { id: string }) => e.id)).toEqual([project.data.id, created.id]);
    const path = `/platform/v1/inbox_embeds/${created.id}`;
    const got = await (await one.GET(req(key, path), params(created.id))).json();
    expect(got.data).toMatchObject({ id: created.id, name: "Support inbox" });

    const patched = await one.PATCH(
      req(key, path, "PATCH", {
        inbox_embed: {
          name: "Renamed",
          allowed_origins: [],
          expires_at: null,
          default_mode: "light",
          // Echoing the current scope back is not a change.
          scope_type: "phone_number",
          scope_id: n.phoneNumberId,
        },
      }),
      params(created.id),
    );
    expect(patched.status).toBe(200);
    expect((await patched.json()).data).toMatchObject({
      name: "Renamed",
      allowed_origins: [],
      expires_at: null,
      default_mode: "light",
      scope_id: n.phoneNumberId,
    });

    // The token is never returned again.
    for (const body of [list, got]) expect(JSON.stringify(body)).not.toContain(created.token);
    const again = await (await one.GET(req(key, path), params(created.id))).json();
    expect(again.data).not.toHaveProperty("token");
    expect(again.data).not.toHaveProperty("embed_url");

    const del = await one.DELETE(req(key, path, "DELETE"), params(created.id));
    expect(del.status).toBe(204);
    expect((await (await one.GET(req(key, path), params(created.id))).json()).data.status).toBe("revoked");
    await rejects(resolveEmbedToken(created.token), "unauthenticated");
    expect((await one.DELETE(req(key, path, "DELETE"), params(created.id))).status).toBe(404);
  });

  it("refuses to change the scope (422), bad JSON (400), bad fields (422 naming them), no key (401)", async () => {
    const ctx = await makeProject();
    const key = await withKey(ctx);
    const n = await makeNumber(ctx);
    const { embed } = await createEmbed(
      memberScope(ctx),
      { kind: "system" },
      input({ scope: "PHONE_NUMBER", scopeId: n.id }),
    );
    const path = `/platform/v1/inbox_embeds/${embed.id}`;

    for (const change of [{ scope_type: "project" }, { scope_id: (await makeNumber(ctx)).phoneNumberId }]) {
      const r = await one.PATCH(
        req(key, path, "PATCH", { inbox_embed: { name: "x", ...change } }),
        params(embed.id),
      );
      expect(r.status).toBe(422);
      expect((await r.json()).error).toBe("scope cannot be changed; create a new embed");
    }
    expect((await db().inboxEmbed.findUniqueOrThrow({ where: { id: embed.id } })).name).toBe(
      "Support portal",
    );

    const bad = await collection.POST(req(key, "/platform/v1/inbox_embeds", "POST", "{not json"), noParams);
    expect(bad.status).toBe(400);

    const badOrigin = await collection.POST(
      req(key, "/platform/v1/inbox_embeds", "POST", {
        inbox_embed: {
          name: "x",
          scope_type: "project",
          allowed_origins: ["https://ok.example.com", "ftp://nope"],
        },
      }),
      noParams,
    );
    expect(badOrigin.status).toBe(422);
    const badOriginBody = await badOrigin.json();
    expect(badOriginBody.error).toMatch(/^inbox_embed\.allowed_origins\.1: /);
    expect(badOriginBody.fields).toHaveProperty(["inbox_embed.allowed_origins.1"]);

    for (const [field, body] of [
      ["scope_type", { name: "x", scope_type: "whatsapp_config" }],
      ["default_mode", { name: "x", scope_type: "project", default_mode: "dim" }],
      ["expires_at", { name: "x", scope_type: "project", expires_at: "2001-01-01T00:00:00Z" }],
      ["name", { name: "  ", scope_type: "project" }],
      ["scope_id", { name: "x", scope_type: "customer" }],
    ] as const) {
      const r = await collection.POST(
        req(key, "/platform/v1/inbox_embeds", "POST", { inbox_embed: body }),
        noParams,
      );
      expect(r.status, field).toBe(422);
      expect((await r.json()).error, field).toMatch(new RegExp(`^inbox_embed\\.${field}: `));
    }
    const badPatch = await one.PATCH(
      req(key, path, "PATCH", { inbox_embed: { allowed_origins: "https://a.example.com" } }),
      params(embed.id),
    );
    expect(badPatch.status).toBe(422);
    expect((await badPatch.json()).error).toMatch(/^inbox_embed\.allowed_origins: /);

    expect((await collection.GET(req(null, "/platform/v1/inbox_embeds"), noParams)).status).toBe(401);
    expect((await one.GET(req("sbk_wrong", path), params(embed.id))).status).toBe(401);
  });

  it("keeps projects apart: another project's scope is refused at create, its embeds are 404", async () => {
    const mine = await makeProject();
    const theirs = await makeProject();
    const key = await withKey(mine);
    const theirNumber = await makeNumber(theirs);
    const theirCustomer = await db().customer.create({
      data: { projectId: theirs.projectId, name: "Theirs" },
    });

    for (const [scope_type, scope_id] of [
      ["phone_number", theirNumber.phoneNumberId],
      ["phone_number", theirNumber.id],
      ["customer", theirCustomer.id],
    ]) {
      const r = await collection.POST(
        req(key, "/platform/v1/inbox_embeds", "POST", { inbox_embed: { name: "x", scope_type, scope_id } }),
        noParams,
      );
      expect(r.status).toBe(422);
      const body = await r.json();
      expect(body.error).toMatch(/scope_id/);
      expect(body.fields).toHaveProperty(["inbox_embed.scope_id"]);
    }
    expect(await db().inboxEmbed.count({ where: { projectId: mine.projectId } })).toBe(0);

    const { embed } = await createEmbed(memberScope(theirs), { kind: "system" }, input());
    const path = `/platform/v1/inbox_embeds/${embed.id}`;
    expect((await one.GET(req(key, path), params(embed.id))).status).toBe(404);
    expect(
      (await one.PATCH(req(key, path, "PATCH", { inbox_embed: { name: "mine now" } }), params(embed.id)))
        .status,
    ).toBe(404);
    expect((await one.DELETE(req(key, path, "DELETE"), params(embed.id))).status).toBe(404);
    const list = await (await collection.GET(req(key, "/platform/v1/inbox_embeds"), noParams)).json();
    expect(list.data).toEqual([]);
    const row = await db().inboxEmbed.findUniqueOrThrow({ where: { id: embed.id } });
    expect(row).toMatchObject({ name: "Support portal", revokedAt: null });
  });
});

describe("inbox embed server actions", () => {
  it("let an admin create (token and URL once), edit and revoke, and revalidate the page", async () => {
    const owner = await makeProject();
    const admin = await makeMember(owner, "ADMIN");
    session.userId = admin.user.id;

    const created = await createEmbedAction({
      projectId: owner.projectId,
      name: "Portal",
      scope: "PROJECT",
      allowedOrigins: ["https://portal.example.com"],
      expiresAt: null,
      defaultMode: "DARK",
    });
    if (!created.ok) throw new Error(created.error);
    expect(created.data.url).toBe(`${new URL(created.data.url).origin}/embed/${created.data.token}`);
    expect(created.data.embed).toMatchObject({ name: "Portal", status: "active", defaultMode: "DARK" });
    expect(revalidatePath).toHaveBeenCalledWith(`/p/${owner.project.slug}/settings/embeds`);

    const updated = await updateEmbedAction({
      projectId: owner.projectId,
      embedId: created.data.embed.id,
      name: "Portal 2",
      allowedOrigins: ["https://*.example.com"],
    });
    expect(updated).toMatchObject({
      ok: true,
      data: { name: "Portal 2", allowedOrigins: ["https://*.example.com"] },
    });

    const badOrigin = await updateEmbedAction({
      projectId: owner.projectId,
      embedId: created.data.embed.id,
      allowedOrigins: ["example.com/path"],
    });
    expect(badOrigin).toMatchObject({ ok: false, code: "validation" });
    if (!badOrigin.ok) expect(badOrigin.fields).toHaveProperty(["allowedOrigins.0"]);

    const revoked = await revokeEmbedAction({ projectId: owner.projectId, embedId: created.data.embed.id });
    expect(revoked.ok).toBe(true);
    await rejects(resolveEmbedToken(created.data.token), "unauthenticated");
  });

  it("refuse a member (forbidden), someone outside the project (not found) and no session", async () => {
    const owner = await makeProject();
    const member = await makeMember(owner, "MEMBER");
    const outsider = await makeProject();
    const { embed, token } = await createEmbed(memberScope(owner), { kind: "system" }, input());
    const attempts = () => [
      createEmbedAction({ projectId: owner.projectId, name: "Sneaky", scope: "PROJECT", allowedOrigins: [] }),
      updateEmbedAction({ projectId: owner.projectId, embedId: embed.id, name: "Sneaky" }),
      revokeEmbedAction({ projectId: owner.projectId, embedId: embed.id }),
    ];

    session.userId = member.user.id;
    for (const r of await Promise.all(attempts())) expect(r).toMatchObject({ ok: false, code: "forbidden" });
    session.userId = outsider.user.id;
    for (const r of await Promise.all(attempts())) expect(r).toMatchObject({ ok: false, code: "not_found" });
    session.userId = null;
    for (const r of await Promise.all(attempts()))
      expect(r).toMatchObject({ ok: false, code: "unauthenticated" });

    expect(await db().inboxEmbed.count({ where: { projectId: owner.projectId } })).toBe(1);
    expect((await resolveEmbedToken(token)).name).toBe("Support portal");
    expect(revalidatePath).not.toHaveBeenCalled();
  });
});

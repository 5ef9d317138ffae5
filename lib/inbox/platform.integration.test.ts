import { describe, expect, it } from "vitest";
import * as users from "@/app/platform/v1/users/route";
import * as assignmentOne from "@/app/platform/v1/whatsapp/conversations/[conversationId]/assignments/[assignmentId]/route";
import * as assignments from "@/app/platform/v1/whatsapp/conversations/[conversationId]/assignments/route";
import * as conversationOne from "@/app/platform/v1/whatsapp/conversations/[conversationId]/route";
import * as conversations from "@/app/platform/v1/whatsapp/conversations/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import {
  makeConversation,
  makeMember,
  makeNumber,
  makeProject,
  memberActor,
  memberScope,
} from "@/prisma/factories";

// The Platform API for conversations, assignments and users, called as a client would: real Requests
// with an X-API-Key, real database.

async function setup() {
  const ctx = await makeProject();
  const member = await makeMember(ctx, "MEMBER");
  const n = await makeNumber(ctx);
  const c = await makeConversation(ctx, n.id);
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "platform test" });
  return { ctx, member, n, c, key };
}

const req = (key: string | null, path: string, method = "GET", body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { ...(key ? { "x-api-key": key } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

describe("Platform API: assignments", () => {
  it("assigns, lists most recent first with page meta, reassigns, and unassigns with active: false", async () => {
    const { ctx, member, c, key } = await setup();
    const base = `/platform/v1/whatsapp/conversations/${c.id}/assignments`;
    const first = await assignments.POST(
      req(key, base, "POST", { assignment: { user_id: ctx.user.id, notes: "first" } }),
      params({ conversationId: c.id }),
    );
    expect(first.status).toBe(201);
    const a1 = (await first.json()).data;
    expect(a1).toMatchObject({
      user_id: ctx.user.id,
      notes: "first",
      active: true,
      created_by_user_id: null,
    });

    const second = await assignments.POST(
      req(key, base, "POST", { assignment: { user_id: member.user.id } }),
      params({ conversationId: c.id }),
    );
    const a2 = (await second.json()).data;
    const list = await (await assignments.GET(req(key, base), params({ conversationId: c.id }))).json();
    expect(list.data.map((a: { id: string; active: boolean }) => [a.id, a.active])).toEqual([
      [a2.id, true],
      [a1.id, false],
    ]);
    expect(list.meta).toEqual({ page: 1, per_page: 20, total_pages: 1, total_count: 2 });

    const off = await assignmentOne.PATCH(
      req(key, `${base}/${a2.id}`, "PATCH", { assignment: { active: false } }),
      params({ conversationId: c.id, assignmentId: a2.id }),
    );
    expect((await off.json()).data.active).toBe(false);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: c.id } })).assigneeId).toBeNull();
  });

  it("refuses non-members (422 naming user_id), bad JSON (400), no key (401) and foreign ids (404)", async () => {
    const { c, key } = await setup();
    const other = await setup();
    const base = `/platform/v1/whatsapp/conversations/${c.id}/assignments`;
    const stranger = await assignments.POST(
      req(key, base, "POST", { assignment: { user_id: other.ctx.user.id } }),
      params({ conversationId: c.id }),
    );
    expect(stranger.status).toBe(422);
    expect((await stranger.json()).error).toMatch(/user_id/);
    const missing = await assignments.POST(
      req(key, base, "POST", { assignment: {} }),
      params({ conversationId: c.id }),
    );
    expect(missing.status).toBe(422);
    expect((await missing.json()).error).toMatch(/user_id/);
    const badJson = await assignments.POST(
      req(key, base, "POST", "{not json"),
      params({ conversationId: c.id }),
    );
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error).toMatch(/JSON/);
    const noKey = await assignments.GET(req(null, base), params({ conversationId: c.id }));
    expect(noKey.status).toBe(401);
    const foreign = await assignments.GET(req(key, base), params({ conversationId: other.c.id }));
    expect(foreign.status).toBe(404);
    expect(await db().conversationAssignment.count({ where: { conversationId: c.id } })).toBe(0);
  });
});

describe("Platform API: conversations and users", () => {
  it("filters by assigned_user_id or unassigned=true, and refuses both at once", async () => {
    const { ctx, n, c, key } = await setup();
    const free = await makeConversation(ctx, n.id);
    await assignments.POST(
      req(key, "/x", "POST", { assignment: { user_id: ctx.user.id } }),
      params({ conversationId: c.id }),
    );
    const ids = async (qs: string) => {
      const r = await conversations.GET(req(key, `/platform/v1/whatsapp/conversations?${qs}`), params({}));
      return (await r.json()).data.map((x: { id: string }) => x.id);
    };
    expect(await ids(`assigned_user_id=${ctx.user.id}`)).toEqual([c.id]);
    expect(await ids("unassigned=true")).toEqual([free.id]);
    const both = await conversations.GET(
      req(key, `/platform/v1/whatsapp/conversations?assigned_user_id=${ctx.user.id}&unassigned=true`),
      params({}),
    );
    expect(both.status).toBe(422);
    expect((await both.json()).error).toMatch(/either/);
  });

  it("closes and reopens through PATCH, and lists the team", async () => {
    const { ctx, c, key } = await setup();
    const path = `/platform/v1/whatsapp/conversations/${c.id}`;
    const closed = await conversationOne.PATCH(
      req(key, path, "PATCH", { whatsapp_conversation: { status: "ended" } }),
      params({ conversationId: c.id }),
    );
    expect((await closed.json()).data.status).toBe("ended");
    const bad = await conversationOne.PATCH(
      req(key, path, "PATCH", { whatsapp_conversation: { status: "archived" } }),
      params({ conversationId: c.id }),
    );
    expect(bad.status).toBe(422);
    const reopened = await conversationOne.PATCH(
      req(key, path, "PATCH", { whatsapp_conversation: { status: "active" } }),
      params({ conversationId: c.id }),
    );
    expect((await reopened.json()).data.status).toBe("active");
    const team = await (await users.GET(req(key, "/platform/v1/users"), params({}))).json();
    expect(team.data.map((u: { email: string }) => u.email).sort()).toEqual(
      [
        ctx.user.email,
        ...(
          await db().membership.findMany({
            where: { projectId: ctx.projectId, role: "MEMBER" },
            select: { user: { select: { email: true } } },
          })
        ).map((m) => m.user.email),
      ].sort(),
    );
  });
});

import { describe, expect, it } from "vitest";
import * as one from "@/app/platform/v1/whatsapp/messages/[wamid]/route";
import * as list from "@/app/platform/v1/whatsapp/messages/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

type H = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const get = async (h: H, key: string, query: string, params: Record<string, string> = {}) => {
  const res = await h(
    new Request(`http://localhost/platform/v1/whatsapp/messages${query}`, { headers: { "x-api-key": key } }),
    {
      params: Promise.resolve(params),
    },
  );
  return { status: res.status, body: await res.json() };
};

describe("GET /platform/v1/whatsapp/messages", () => {
  it("lists a number's messages with Kapso's filters and cursors, gets one by wamid, and keeps projects apart", async () => {
    const ctx = await makeProject();
    const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "m" });
    const n = await makeNumber(ctx);
    const c = await makeConversation(ctx, n.id);
    for (let i = 0; i < 3; i++)
      await db().message.create({
        data: {
          projectId: ctx.projectId,
          conversationId: c.id,
          phoneNumberId: n.id,
          wamid: `wamid.test${i}${n.phoneNumberId}`,
          direction: i === 0 ? "INBOUND" : "OUTBOUND",
          type: "text",
          content: { text: { body: `hello ${i}` } },
          status: i === 0 ? "RECEIVED" : "DELIVERED",
          origin: i === 0 ? "CUSTOMER" : "API",
          sentAt: new Date(Date.now() - (3 - i) * 1000),
        },
      });
    const all = await get(list.GET as H, key, `?phone_number_id=${n.phoneNumberId}&limit=2`);
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(2);
    expect(all.body.paging.next).toContain("after=");
    const outbound = await get(list.GET as H, key, `?phone_number_id=${n.phoneNumberId}&direction=outbound`);
    expect(outbound.body.data).toHaveLength(2);
    const got = await get(one.GET as H, key, `?phone_number_id=${n.phoneNumberId}`, {
      wamid: `wamid.test1${n.phoneNumberId}`,
    });
    expect(got.body.data.id).toBe(`wamid.test1${n.phoneNumberId}`);
    const badNumber = await get(list.GET as H, key, "?phone_number_id=abc");
    expect(badNumber.status).toBe(422);
    expect(badNumber.body.error).toMatch(/phone_number_id/);
    const other = await makeProject();
    const { key: otherKey } = await createApiKey(memberScope(other), memberActor(other), { name: "o" });
    expect((await get(list.GET as H, otherKey, `?phone_number_id=${n.phoneNumberId}`)).status).toBe(404);
  });
});

describe("GET /platform/v1/whatsapp/messages without phone_number_id", () => {
  it("lists the whole project's messages with Kapso's filters and cursor paging, and nothing of another project", async () => {
    const ctx = await makeProject();
    const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "m" });
    const a = await makeNumber(ctx);
    const b = await makeNumber(ctx);
    const ca = await makeConversation(ctx, a.id, { waId: "15550001001" });
    const cb = await makeConversation(ctx, b.id, { waId: "15550002002" });
    const rows: { conv: string; num: string; type: string; dir: "INBOUND" | "OUTBOUND" }[] = [
      { conv: ca.id, num: a.id, type: "text", dir: "INBOUND" },
      { conv: ca.id, num: a.id, type: "image", dir: "OUTBOUND" },
      { conv: cb.id, num: b.id, type: "text", dir: "OUTBOUND" },
      { conv: cb.id, num: b.id, type: "document", dir: "INBOUND" },
      { conv: cb.id, num: b.id, type: "text", dir: "OUTBOUND" },
    ];
    // Two messages share one timestamp: the cursor must still page past both exactly once.
    const base = Date.now() - 60_000;
    for (const [i, r] of rows.entries())
      await db().message.create({
        data: {
          projectId: ctx.projectId,
          conversationId: r.conv,
          phoneNumberId: r.num,
          wamid: `wamid.p${i}.${a.phoneNumberId}`,
          direction: r.dir,
          type: r.type,
          content: r.type === "text" ? { text: { body: `m${i}` } } : { [r.type]: { id: `77${i}` } },
          status: r.dir === "INBOUND" ? "RECEIVED" : "SENT",
          origin: r.dir === "INBOUND" ? "CUSTOMER" : "API",
          sentAt: new Date(base + Math.min(i, 3) * 1000),
        },
      });
    const other = await makeProject();
    const otherNumber = await makeNumber(other);
    const oc = await makeConversation(other, otherNumber.id, { waId: "15550001001" });
    await db().message.create({
      data: {
        projectId: other.projectId,
        conversationId: oc.id,
        phoneNumberId: otherNumber.id,
        wamid: `wamid.other.${otherNumber.phoneNumberId}`,
        direction: "INBOUND",
        type: "text",
        content: { text: { body: "not yours" } },
        status: "RECEIVED",
        origin: "CUSTOMER",
      },
    });

    // Every page of two, following paging.next's cursor: all five once, newest first, none foreign.
    const seen: string[] = [];
    let query = "?limit=2";
    for (let pageNo = 0; pageNo < 5 && query; pageNo++) {
      const r = await get(list.GET as H, key, query);
      expect(r.status).toBe(200);
      for (const m of r.body.data as { id: string; phone_number_id: string }[]) {
        seen.push(m.id);
        expect([a.phoneNumberId, b.phoneNumberId]).toContain(m.phone_number_id);
      }
      const next = r.body.paging.next as string | undefined;
      query = next ? new URL(next).search : "";
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.slice(0, 2).sort()).toEqual([`wamid.p3.${a.phoneNumberId}`, `wamid.p4.${a.phoneNumberId}`]);

    const ids = async (q: string) =>
      ((await get(list.GET as H, key, q)).body.data as { id: string }[])
        .map((m) => m.id.split(".")[1])
        .sort();
    expect(await ids("?phone_number=%2B1%20555%20000%201001")).toEqual(["p0", "p1"]);
    expect(await ids("?message_type=text")).toEqual(["p0", "p2", "p4"]);
    expect(await ids("?has_media=true")).toEqual(["p1", "p3"]);
    expect(await ids("?has_media=false&direction=outbound")).toEqual(["p2", "p4"]);
    expect(await ids("?status=received")).toEqual(["p0", "p3"]);
    expect(await ids(`?conversation_id=${cb.id}&direction=inbound`)).toEqual(["p3"]);
    expect(await ids(`?phone_number_id=${b.phoneNumberId}&message_type=text`)).toEqual(["p2", "p4"]);
    // Another project's key sees only its own message, even filtered by the same customer.
    const { key: otherKey } = await createApiKey(memberScope(other), memberActor(other), { name: "o" });
    const theirs = await get(list.GET as H, otherKey, "?phone_number=15550001001");
    expect((theirs.body.data as { id: string }[]).map((m) => m.id)).toEqual([
      `wamid.other.${otherNumber.phoneNumberId}`,
    ]);
    // A media message links its file through its own number.
    const image = (await get(list.GET as H, key, "?message_type=image&fields=kapso(media_url)")).body.data[0];
    expect(image.kapso.media_url).toContain(`phone_number_id=${a.phoneNumberId}`);

    for (const bad of ["has_media=yes", "message_type=Te%20xt", "phone_number=abc", "limit=500"]) {
      const r = await get(list.GET as H, key, `?${bad}`);
      expect(r.status, bad).toBe(422);
      expect(r.body.error).toMatch(new RegExp(bad.split("=")[0]!));
    }
  });
});

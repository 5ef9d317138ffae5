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
    const missing = await get(list.GET as H, key, "");
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/phone_number_id/);
    const other = await makeProject();
    const { key: otherKey } = await createApiKey(memberScope(other), memberActor(other), { name: "o" });
    expect((await get(list.GET as H, otherKey, `?phone_number_id=${n.phoneNumberId}`)).status).toBe(404);
  });
});

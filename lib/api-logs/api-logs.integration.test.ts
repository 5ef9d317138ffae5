import { describe, expect, it } from "vitest";
import * as logsRoute from "@/app/platform/v1/api_logs/route";
import * as customersRoute from "@/app/platform/v1/customers/route";
import * as eventsRoute from "@/app/platform/v1/events/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { makeProject, memberActor, memberScope } from "@/prisma/factories";
import { flushApiLog } from "./store";

// Project events (Kapso's rules) and the API log written by the route wrapper for every API-key call.

type H = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (h: H, key: string, method: string, body?: unknown, query = "") =>
  h(
    new Request(`http://localhost/platform/v1/x${query}`, {
      method,
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );

async function tenant() {
  const ctx = await makeProject();
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "logger" });
  return { ctx, key };
}

describe("POST /platform/v1/events", () => {
  it("emits project.event through the outbox, and refuses names, sizes and counts outside Kapso's rules", async () => {
    const { ctx, key } = await tenant();
    const ok = await call(eventsRoute.POST as H, key, "POST", {
      name: "order.shipped",
      properties: { order: "#1", total: 12.5 },
    });
    expect(ok.status).toBe(202);
    const body = await ok.json();
    const ev = await db().domainEvent.findFirstOrThrow({
      where: { projectId: ctx.projectId, type: "project.event" },
    });
    expect(ev.payload).toMatchObject({
      eventId: body.data.id,
      name: "order.shipped",
      properties: { order: "#1", total: 12.5 },
    });
    for (const [bad, re] of [
      [{ name: "Order.Shipped" }, /name/],
      [{ name: "order..shipped" }, /name/],
      [{ name: `a${"b".repeat(128)}` }, /128/],
      [
        { name: "x", properties: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, i])) },
        /25/,
      ],
      [{ name: "x", properties: { [`k${"e".repeat(64)}`]: 1 } }, /64/],
      [{ name: "x", properties: { k: "é".repeat(600) } }, /1,024 bytes/],
      [{ name: "x", properties: { k: { nested: true } } }, /properties/],
      [{ name: "x", conversation_id: "nope" }, /conversation_id/],
    ] as const) {
      const r = await call(eventsRoute.POST as H, key, "POST", bad);
      expect(r.status, JSON.stringify(bad).slice(0, 60)).toBe(422);
      expect((await r.json()).error).toMatch(re);
    }
    const big = await call(eventsRoute.POST as H, key, "POST", {
      name: "x",
      // Every value within its own limit, the whole over 8 KB.
      properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, "a".repeat(1000)])),
    });
    expect(big.status).toBe(413);
  });
});

describe("API logs", () => {
  it("records every API-key call (endpoint, status, latency, key) and filters them", async () => {
    const { key } = await tenant();
    const other = await tenant();
    await call(customersRoute.POST as H, key, "POST", { customer: { name: "Acme" } });
    await call(customersRoute.POST as H, key, "POST", { customer: { name: "" } });
    await call(customersRoute.GET as H, key, "GET");
    await call(customersRoute.GET as H, other.key, "GET");
    await flushApiLog();
    const all = await (await call(logsRoute.GET as H, key, "GET")).json();
    // Newest first; the list call itself is logged after it answered.
    expect(
      all.data.map((l: { method: string; status_code: number }) => `${l.method} ${l.status_code}`),
    ).toEqual(["GET 200", "POST 422", "POST 201"]);
    expect(all.data[0]).toMatchObject({ endpoint: "/platform/v1/x", api_key_id: expect.any(String) });
    expect(all.data[0].latency_ms).toBeGreaterThanOrEqual(0);
    await flushApiLog();
    const errors = await (await call(logsRoute.GET as H, key, "GET", undefined, "?errors_only=true")).json();
    expect(errors.data.map((l: { status_code: number }) => l.status_code)).toEqual([422]);
    const paged = await (await call(logsRoute.GET as H, key, "GET", undefined, "?limit=2")).json();
    expect(paged.data).toHaveLength(2);
    expect(paged.paging.next).toContain("after=");
    const after = new URL(paged.paging.next).searchParams.get("after");
    const rest = await (
      await call(logsRoute.GET as H, key, "GET", undefined, `?limit=2&after=${after}`)
    ).json();
    expect(rest.data.length).toBeGreaterThan(0);
    const bad = await call(logsRoute.GET as H, key, "GET", undefined, "?period=1y");
    expect(bad.status).toBe(422);
  });
});

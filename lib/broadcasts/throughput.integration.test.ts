import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { connectLiveNumber } from "@/lib/numbers/mutations";
import { freePort } from "@/lib/testing/free-port";
import { makeProject, memberActor, memberScope } from "@/prisma/factories";

// Live numbers are paced by the throughput level Meta reports for them (STANDARD 80/s, HIGH 1,000/s).
// Meta is a local HTTP server here (META_GRAPH_URL): it answers the connect's checks with each number's
// level and accepts every send, noting when it arrived.
const GRAPH_PORT = await freePort();
process.env.META_GRAPH_URL = `http://127.0.0.1:${GRAPH_PORT}`;

const levels = new Map<string, string>();
const arrivals = new Map<string, number[]>();
let graphServer: Server;

beforeAll(async () => {
  graphServer = createServer((req, res) => {
    const parts = new URL(req.url ?? "/", "http://x").pathname.split("/").filter(Boolean);
    const [, id, edge] = parts; // /v24.0/{id}/{edge}
    const json = (body: unknown) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "GET" && id && !edge && levels.has(id))
      return json({
        id,
        display_phone_number: `+1 555 ${id.slice(-7)}`,
        verified_name: "Live Co",
        quality_rating: "GREEN",
        messaging_limit_tier: "TIER_10K",
        throughput: { level: levels.get(id) },
      });
    if (req.method === "GET" && edge === "phone_numbers")
      return json({ data: [...levels.keys()].map((n) => ({ id: n })) });
    if (req.method === "POST" && id && edge === "messages") {
      const seen = arrivals.get(id) ?? [];
      seen.push(performance.now());
      arrivals.set(id, seen);
      req.resume();
      return req.on("end", () =>
        json({
          messaging_product: "whatsapp",
          contacts: [{ input: "x", wa_id: "x" }],
          messages: [{ id: `wamid.${randomBytes(8).toString("hex")}` }],
        }),
      );
    }
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"nope","code":100}}');
  });
  await new Promise<void>((r) => graphServer.listen(GRAPH_PORT, "127.0.0.1", r));
});
afterAll(() => new Promise<void>((r) => graphServer.close(() => r())));

const digits = () => String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000));

/** A live number connected through Graph at `level`, with an approved template and a sending broadcast. */
async function liveBroadcast(level: string, recipients: number) {
  const ctx = await makeProject();
  const phoneNumberId = digits();
  const wabaId = digits();
  levels.set(phoneNumberId, level);
  const { id } = await connectLiveNumber(memberScope(ctx), memberActor(ctx), {
    phoneNumberId,
    wabaId,
    accessToken: `EAAG${randomBytes(12).toString("hex")}`,
    appSecret: randomBytes(16).toString("hex"),
    verifyToken: randomBytes(8).toString("hex"),
  });
  const sample = await db().messageTemplate.findFirstOrThrow({
    where: { projectId: ctx.projectId, name: "order_update" },
  });
  const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = sample;
  const template = await db().messageTemplate.create({
    data: { ...copy, components: copy.components ?? [], wabaId, metaTemplateId: digits() },
    select: { id: true },
  });
  const { createBroadcast, addRecipients } = await import("./mutations");
  const b = await createBroadcast(memberScope(ctx), memberActor(ctx), {
    name: `Live ${level}`,
    numberId: id,
    templateId: template.id,
  });
  const base = 2_000_000 + Math.floor(Math.random() * 5_000_000);
  await addRecipients(memberScope(ctx), memberActor(ctx), {
    broadcastId: b.id,
    recipients: Array.from({ length: recipients }, (_, i) => ({
      phone_number: `+1555${String(base + i).padStart(7, "0")}`,
      parameters: [`Ana ${i}`, `#${i}`],
    })),
  });
  // Started as the send action starts it; the slice is run here directly, without the job runtime.
  await db().broadcast.update({ where: { id: b.id }, data: { status: "SENDING", startedAt: new Date() } });
  return { broadcastId: b.id, numberId: id, phoneNumberId };
}

/** The most sends that arrived within any one second. */
function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while ((t[j] as number) - (t[i] as number) >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe("broadcast pacing for live numbers", () => {
  it("stores Meta's throughput level at connect and paces STANDARD at 80/s and HIGH at 1,000/s", async () => {
    const { runSlice } = await import("./sender");
    const standard = await liveBroadcast("STANDARD", 400);
    const high = await liveBroadcast("HIGH", 400);
    expect(
      (await db().phoneNumber.findUniqueOrThrow({ where: { id: standard.numberId } })).throughputLevel,
    ).toBe("STANDARD");
    expect((await db().phoneNumber.findUniqueOrThrow({ where: { id: high.numberId } })).throughputLevel).toBe(
      "HIGH",
    );

    const paces: number[] = [];
    const onPace = (p: { rate: number }) => paces.push(p.rate);
    expect(await runSlice(standard.broadcastId, { maxMs: 2500, onPace })).toBe("continue");
    const s = arrivals.get(standard.phoneNumberId) ?? [];
    // Paced: Meta's 80 in a second, counted here on arrival. The sender paces the starts of its sends,
    // and each start's reservation takes a varying time before the Graph call, so arrivals bunch a
    // little (20% slack). How close it comes to 80 depends on the machine's load: not asserted.
    expect(busiestSecond(s)).toBeLessThanOrEqual(96);
    expect(s.length).toBeGreaterThan(0);
    expect(s.length).toBeLessThanOrEqual(3 * 80);

    expect(await runSlice(high.broadcastId, { maxMs: 2500, onPace })).not.toBe("busy");
    const h = arrivals.get(high.phoneNumberId) ?? [];
    console.log(
      `[throughput] STANDARD: ${s.length} sends, busiest second ${busiestSecond(s)}; HIGH: ${h.length} sends, busiest second ${busiestSecond(h)}`,
    );
    expect(paces).toEqual([80, 1000]);
    // Every send the fake Meta accepted is linked to its recipient exactly once.
    const accepted = await db().broadcastRecipient.count({
      where: { broadcastId: high.broadcastId, wamid: { not: null } },
    });
    expect(accepted).toBe(h.length);
  }, 60_000);
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getThread } from "@/lib/conversations/data";
import { db } from "@/lib/db/client";
import { createEmbed } from "@/lib/embeds/mutations";
import { dispatchPending } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import { ingestMessage } from "@/lib/ingest/process";
import { numberByMetaId } from "@/lib/numbers/credentials";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import type { BatchedEvent } from "./events";
import { startRealtime, stopRealtime } from "./server";

// An embed's socket, against the real socket.io server on PostgreSQL: it joins only its scope's rooms,
// cannot watch other conversations, and is cut off when the embed is revoked.

let http: Server;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  await startRealtime(http);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await stopRealtime();
  await new Promise<void>((r) => http.close(() => r()));
});

function open(embedToken: string, origin?: string): Promise<Socket> {
  const s = connect(url, {
    transports: ["websocket"],
    auth: { embedToken },
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.on("connect", () => resolve(s));
    s.on("connect_error", (e) => reject(e));
  });
}

async function setup(opts: { allowedOrigins?: string[]; expiresAt?: Date } = {}) {
  const ctx = await makeProject();
  const n1 = await makeNumber(ctx);
  const n2 = await makeNumber(ctx);
  const inside = await makeConversation(ctx, n1.id);
  const outside = await makeConversation(ctx, n2.id);
  const { embed, token } = await createEmbed(memberScope(ctx), memberActor(ctx), {
    name: "Support",
    scope: "PHONE_NUMBER",
    scopeId: n1.id,
    allowedOrigins: opts.allowedOrigins ?? [],
    defaultMode: "SYSTEM",
    expiresAt: opts.expiresAt,
  });
  return { ctx, n1, n2, inside, outside, embed, token };
}

describe("embed sockets", () => {
  it("refuses an unknown token", async () => {
    await expect(open(`sbe_${"z".repeat(43)}`)).rejects.toThrow("unauthenticated");
  });

  it("may watch only conversations in scope, and cannot join the project room", async () => {
    const { inside, outside, ctx, token } = await setup();
    const s = await open(token);
    const view = (conversationId: string) =>
      new Promise<{ ok: boolean }>((r) => s.emit("conversation.view", { conversationId }, r));
    expect((await view(outside.id)).ok).toBe(false);
    const other = await makeProject();
    const foreign = await makeConversation(other, (await makeNumber(other)).id);
    expect((await view(foreign.id)).ok).toBe(false);
    expect(await view(inside.id)).toMatchObject({ ok: true, viewers: [{ name: "Support (embed)" }] });
    const join = await new Promise<{ ok: boolean }>((r) =>
      s.emit("project.join", { projectId: ctx.projectId }, r),
    );
    expect(join.ok).toBe(false);
  });

  it("hears events of its own number only", async () => {
    const { ctx, n1, n2, inside, outside, token } = await setup();
    const s = await open(token);
    const heard: BatchedEvent[] = [];
    s.on("events.batch", (events: BatchedEvent[]) => heard.push(...events));
    await db().$transaction(async (tx) => {
      await emit(tx, ctx.projectId, "conversation.assigned", {
        conversationId: outside.id,
        phoneNumberId: n2.id,
        userId: null,
      });
      await emit(tx, ctx.projectId, "conversation.assigned", {
        conversationId: inside.id,
        phoneNumberId: n1.id,
        userId: null,
      });
    });
    await dispatchPending();
    await expect.poll(() => heard.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    const ids = heard.map((e) => ("conversationId" in e.payload ? e.payload.conversationId : null));
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
  });

  it("hears a new message with the message and its list item, after the dispatcher commits", async () => {
    const { ctx, n1, token } = await setup();
    const s = await open(token);
    const heard: BatchedEvent[] = [];
    s.on("events.batch", (events: BatchedEvent[]) => heard.push(...events));
    const number = await numberByMetaId(n1.phoneNumberId);
    await ingestMessage(
      number!,
      {
        from: "5511911112222",
        id: `wamid.embed.${Date.now()}`,
        timestamp: "1767268800",
        type: "text",
        text: { body: "hi embed" },
      },
      { waId: "5511911112222", profileName: "Rui" },
    );
    await dispatchPending();
    await expect.poll(() => heard.filter((e) => e.event === "message.created").length).toBe(1);
    const e = heard.find((x) => x.event === "message.created");
    if (e?.event !== "message.created") throw new Error("no message.created");
    const access = {
      projectId: ctx.projectId,
      actor: { kind: "embed" as const, embedId: "e" },
      numberIds: [n1.id],
    };
    const thread = await getThread(access, e.payload.conversationId);
    expect(e.payload.message).toEqual(thread.messages.at(-1));
    expect(e.payload.conversation).toEqual(thread.conversation);
  });

  it("refuses a page on an origin the embed does not allow", async () => {
    const { token } = await setup({ allowedOrigins: ["https://app.example.com"] });
    await expect(open(token, "https://evil.example.net")).rejects.toThrow("origin not allowed");
    const ok = await open(token, "https://app.example.com");
    expect(ok.connected).toBe(true);
  });

  it("is disconnected when the embed expires", async () => {
    const { token } = await setup({ expiresAt: new Date(Date.now() + 1500) });
    const s = await open(token);
    await new Promise<void>((r) => s.on("disconnect", () => r()));
    await expect(open(token)).rejects.toThrow("unauthenticated");
  });

  it("is disconnected when the embed is revoked", async () => {
    const { ctx, embed, token } = await setup();
    const s = await open(token);
    const closed = new Promise<void>((r) => s.on("disconnect", () => r()));
    const { revokeEmbed } = await import("@/lib/embeds/mutations");
    await revokeEmbed(memberScope(ctx), memberActor(ctx), { embedId: embed.id });
    await closed;
    await expect(open(token)).rejects.toThrow("unauthenticated");
  });
});

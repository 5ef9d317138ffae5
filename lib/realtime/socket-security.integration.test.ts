import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/account/mutations";
import { hashPassword } from "@/lib/auth/password";
import { endSession, openSession } from "@/lib/auth/session-store";
import { db } from "@/lib/db/client";
import { createEmbed } from "@/lib/embeds/mutations";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import type { Viewer } from "./events";
import { startRealtime, stopRealtime } from "./server";

// Cookie sockets against the real socket.io server: only from our own origin, only while the session
// lasts, and an embed watching the same conversation never learns a team member's email.

let http: Server;
let url: string;
const sockets: Socket[] = [];
const NAME = "authjs.session-token";

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

async function cookieFor(userId: string, sid?: string) {
  const token = await encode({
    token: { uid: userId, sid: sid ?? (await openSession(userId)) },
    secret: process.env.AUTH_SECRET!,
    salt: NAME,
  });
  return `${NAME}=${token}`;
}

function open(opts: { cookie?: string; origin?: string; embedToken?: string }): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const s = connect(url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: headers,
    ...(opts.embedToken ? { auth: { embedToken: opts.embedToken } } : {}),
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.on("connect", () => resolve(s));
    s.on("connect_error", (e) => reject(e));
  });
}

describe("cookie sockets", () => {
  it("connect from the app's own origin and are refused from another site", async () => {
    const ctx = await makeProject();
    const cookie = await cookieFor(ctx.user.id);
    await expect(open({ cookie, origin: url })).resolves.toBeTruthy();
    await expect(open({ cookie, origin: "https://evil.example" })).rejects.toThrow(/origin not allowed/);
  });

  it("stop working once the session has ended (signed out or password changed)", async () => {
    const ctx = await makeProject();
    const sid = await openSession(ctx.user.id);
    const cookie = await cookieFor(ctx.user.id, sid);
    await expect(open({ cookie })).resolves.toBeTruthy();
    await endSession(sid);
    await expect(open({ cookie })).rejects.toThrow(/unauthenticated/);
  });

  it("already open are closed when their session ends; the caller's own stays", async () => {
    const ctx = await makeProject();
    await db().user.update({
      where: { id: ctx.user.id },
      data: { passwordHash: await hashPassword("old password 12") },
    });
    const here = await openSession(ctx.user.id);
    const elsewhere = await openSession(ctx.user.id);
    const mine = await open({ cookie: await cookieFor(ctx.user.id, here) });
    const theirs = await open({ cookie: await cookieFor(ctx.user.id, elsewhere) });
    const closed = new Promise<string>((r) => theirs.on("disconnect", (reason) => r(reason)));
    await changePassword(
      ctx.user,
      { currentPassword: "old password 12", newPassword: "new password 12" },
      { ip: "10.1.0.1", keepSid: here },
    );
    expect(await closed).toBe("io server disconnect");
    expect(mine.connected).toBe(true);
  });

  it("are refused while the account must still choose a new password", async () => {
    const ctx = await makeProject();
    await db().user.update({ where: { id: ctx.user.id }, data: { mustChangePassword: true } });
    await expect(open({ cookie: await cookieFor(ctx.user.id) })).rejects.toThrow(/password change/);
  });
});

describe("presence seen by an embed", () => {
  it("names the team without emails, while the team still sees them", async () => {
    const ctx = await makeProject();
    // A member with no display name: the team sees the email, an embed must not.
    await db().user.update({ where: { id: ctx.user.id }, data: { name: null } });
    const n = await makeNumber(ctx);
    const conv = await makeConversation(ctx, n.id);
    const { token } = await createEmbed(memberScope(ctx), memberActor(ctx), {
      name: "Support",
      scope: "PHONE_NUMBER",
      scopeId: n.id,
      allowedOrigins: [],
      defaultMode: "SYSTEM",
    });
    const embed = await open({ embedToken: token });
    const seenByEmbed: Viewer[][] = [];
    embed.on("presence.changed", (p) => seenByEmbed.push(p.viewers));
    const view = (s: Socket) =>
      new Promise<{ ok: boolean; viewers?: Viewer[] }>((r) =>
        s.emit("conversation.view", { conversationId: conv.id }, r),
      );
    expect((await view(embed)).ok).toBe(true);

    const team = await open({ cookie: await cookieFor(ctx.user.id) });
    const teamView = await view(team);
    expect(teamView.viewers?.map((v) => v.name)).toContain(ctx.user.email);
    await expect.poll(() => seenByEmbed.length).toBeGreaterThan(1);
    const all = JSON.stringify(seenByEmbed);
    expect(all).not.toContain(ctx.user.email);
    expect(all).not.toContain("@");
  });
});

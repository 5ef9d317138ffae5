import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "@/lib/auth/session-store";
import { env } from "@/lib/env";
import { changeMemberRole, removeMember } from "@/lib/members/mutations";
import { makeMember, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { startRealtime, stopRealtime } from "./server";

// Member changes reach sockets through the outbox (lib/members emits; lib/realtime/subscriber.ts
// publishes and evicts), not by the domain calling the socket server.

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

async function signedIn(userId: string): Promise<Socket> {
  const name = "authjs.session-token";
  // A signed-in browser's cookie: the JWT names a live session row (sign-out deletes it).
  const token = await encode({
    token: { uid: userId, sid: await openSession(userId) },
    secret: env().AUTH_SECRET,
    salt: name,
  });
  const s = connect(url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: { cookie: `${name}=${token}` },
  });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.on("connect", () => resolve());
    s.on("connect_error", reject);
  });
  return s;
}

/** The next member.changed of this kind on this socket. */
const next = (s: Socket, change: string, ms = 5000) =>
  new Promise<{ change: string; userId: string }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${change} within ${ms} ms`)), ms);
    const on = (p: { change: string; userId: string }) => {
      if (p.change !== change) return;
      clearTimeout(t);
      s.off("member.changed", on);
      resolve(p);
    };
    s.on("member.changed", on);
  });

describe("member sockets", () => {
  it("hear role changes, and a removed member is told and leaves the project room", async () => {
    const owner = await makeProject();
    const member = await makeMember(owner, "MEMBER");
    const watcher = await signedIn(owner.user.id);
    const removed = await signedIn(member.user.id);
    for (const s of [watcher, removed])
      expect(await s.emitWithAck("project.join", { projectId: owner.projectId })).toEqual({ ok: true });

    const roleChanged = [next(watcher, "role_changed"), next(removed, "role_changed")];
    await changeMemberRole(memberScope(owner), memberActor(owner), { userId: member.user.id, role: "ADMIN" });
    for (const p of await Promise.all(roleChanged)) expect(p.userId).toBe(member.user.id);

    const toldRemoved = next(removed, "removed");
    const watcherSees = next(watcher, "removed");
    await removeMember(memberScope(owner), memberActor(owner), { userId: member.user.id });
    expect(await toldRemoved).toMatchObject({ userId: member.user.id });
    expect(await watcherSees).toMatchObject({ userId: member.user.id });

    // Evicted: the next project event reaches the owner only.
    const ownerHears = next(watcher, "role_changed");
    let removedHeard = false;
    removed.on("member.changed", (p: { change: string }) => {
      if (p.change === "role_changed") removedHeard = true;
    });
    const other = await makeMember(owner, "MEMBER");
    await changeMemberRole(memberScope(owner), memberActor(owner), { userId: other.user.id, role: "ADMIN" });
    await ownerHears;
    await new Promise((r) => setTimeout(r, 200));
    expect(removedHeard).toBe(false);
  });
});

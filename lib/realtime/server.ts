import "@/lib/server-only";
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import { Server } from "socket.io";
import { z } from "zod";
import { sessionFromCookie } from "@/lib/auth/session-cookie";
import { onSessionsEnded, sessionActive } from "@/lib/auth/session-store";
import { db, dbInfra } from "@/lib/db/client";
import { resolveEmbedToken } from "@/lib/embeds/data";
import { originAllowed } from "@/lib/embeds/origins";
import { env } from "@/lib/env";
import { registerSubscriber } from "@/lib/events/subscribers";
import {
  type ClientToServerEvents,
  rooms,
  type ServerToClientEvents,
  type SocketData,
  type Viewer,
} from "./events";
import { realtimeSubscriber } from "./subscriber";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

// server.ts creates the server; Next's bundles publish through the same instance via globalThis.
const g = globalThis as unknown as {
  __switchboardIo?: { io: IO; adapter: "postgres" | "memory"; unsubscribe: () => void };
};

// Every embed socket is also in this room, so team-only payloads can be sent to a room except embeds.
const EMBEDS_ROOM = "embeds";

const joinSchema = z.object({ projectId: z.string().min(1).max(64) });
const viewSchema = z.object({ conversationId: z.string().min(1).max(64).nullable() });

/**
 * Whether a cookie-authenticated handshake comes from our own pages: a browser sends Origin on every
 * WebSocket handshake and cross-origin request; it must name this host (or APP_URL). Programs that send
 * no Origin carry no victim's cookie, so they are judged by the cookie alone.
 */
export function sameSiteHandshake(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers["sec-fetch-site"] === "cross-site") return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== "string" || !URL.canParse(origin)) return false;
  const o = new URL(origin);
  if (o.host === headers.host) return true;
  const app = env().APP_URL;
  return !!app && new URL(app).origin === o.origin;
}

/** Whether a socket may watch a conversation: a member of its project, or an embed whose scope holds it. */
async function maySee(data: SocketData, conversationId: string): Promise<boolean> {
  const c = await db().conversation.findUnique({
    where: { id: conversationId },
    select: { projectId: true, phoneNumberId: true, assigneeId: true },
  });
  if (!c) return false;
  if (data.embed) {
    if (c.projectId !== data.embed.projectId) return false;
    if (data.embed.scopedToNumbers && !data.embed.numberIds.includes(c.phoneNumberId)) return false;
    return !data.embed.assigneeId || c.assigneeId === data.embed.assigneeId;
  }
  if (!data.userId) return false;
  const m = await db().membership.findUnique({
    where: { projectId_userId: { projectId: c.projectId, userId: data.userId } },
    select: { id: true },
  });
  return !!m;
}

/** Tells everyone watching a conversation who is watching it (across instances via the adapter). */
async function announcePresence(
  io: IO,
  conversationId: string,
): Promise<{ team: Viewer[]; embed: Viewer[] }> {
  const room = rooms.conversation(conversationId);
  // Across instances when the adapter answers in time; this instance's sockets otherwise.
  const sockets = await io
    .in(room)
    .fetchSockets()
    .catch(() => io.local.in(room).fetchSockets());
  const viewers = new Map<string, { name: string; publicName: string }>();
  for (const s of sockets) {
    if (s.data.viewing !== conversationId) continue;
    const id = s.data.userId ?? `embed:${s.data.embed?.embedId}`;
    viewers.set(id, { name: s.data.name, publicName: s.data.publicName ?? s.data.name });
  }
  const list = [...viewers].map(([id, v]) => ({ id, name: v.name }));
  // The team sees names or emails; an embed's socket gets names only, so no email leaves through it.
  const redacted = [...viewers].map(([id, v]) => ({ id, name: v.publicName }));
  io.to(room).except(EMBEDS_ROOM).emit("presence.changed", { conversationId, viewers: list });
  for (const s of sockets)
    if (s.data.embed) s.emit("presence.changed", { conversationId, viewers: redacted });
  return { team: list, embed: redacted };
}

export async function ensureAdapterTable(): Promise<void> {
  await dbInfra().sql.exec(
    `CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
  );
}

/**
 * Creates the socket.io server. With `http` it serves browsers; without it (a worker-only process) it
 * only publishes. On PostgreSQL, instances share events through the Postgres adapter.
 */
export async function startRealtime(http?: HttpServer): Promise<IO> {
  const io: IO = new Server(http, { serveClient: false, transports: ["websocket", "polling"] });
  let adapter: "postgres" | "memory" = "memory";
  const { pool } = dbInfra();
  if (pool) {
    await ensureAdapterTable();
    io.adapter(
      createAdapter(pool, { errorHandler: (e) => console.error("[realtime] adapter error:", e.message) }),
    );
    adapter = "postgres";
  }
  onSessionsEnded(disconnectSessions);

  io.use(async (socket, next) => {
    try {
      const embedToken = (socket.handshake.auth as { embedToken?: unknown } | undefined)?.embedToken;
      if (typeof embedToken === "string") {
        // An embed: the token decides the rooms, now and for the life of the socket.
        const embed = await resolveEmbedToken(embedToken).catch(() => null);
        if (!embed) return next(new Error("unauthenticated"));
        // The same origin rule as the embed's HTTP API: its own iframe, or a site it allows.
        const origin = socket.handshake.headers.origin;
        const sameOrigin =
          !!origin && URL.canParse(origin) && new URL(origin).host === socket.handshake.headers.host;
        if (origin && !sameOrigin && !originAllowed(origin, embed.allowedOrigins))
          return next(new Error("origin not allowed"));
        // A whole-project embed listens on each number's room, never on the project room (which also
        // carries team events such as member changes).
        const numberIds =
          embed.access.numberIds ??
          (
            await db().phoneNumber.findMany({ where: { projectId: embed.projectId }, select: { id: true } })
          ).map((n) => n.id);
        socket.data.embed = {
          embedId: embed.id,
          projectId: embed.projectId,
          numberIds,
          scopedToNumbers: !!embed.access.numberIds,
          assigneeId: embed.access.assigneeId,
          expiresAt: embed.expiresAt?.getTime(),
        };
        socket.data.name = `${embed.name} (embed)`;
        socket.data.publicName = socket.data.name;
        return next();
      }
      // A cookie rides along on a cross-site handshake too: only our own pages may use it.
      if (!sameSiteHandshake(socket.handshake.headers)) return next(new Error("origin not allowed"));
      const session = await sessionFromCookie(socket.handshake.headers.cookie, env().AUTH_SECRET);
      if (!session || !(await sessionActive(session.sid, session.userId)))
        return next(new Error("unauthenticated"));
      const user = await db().user.findUnique({
        where: { id: session.userId },
        select: { id: true, name: true, email: true, mustChangePassword: true },
      });
      if (!user) return next(new Error("unauthenticated"));
      if (user.mustChangePassword) return next(new Error("password change required"));
      socket.data.userId = user.id;
      socket.data.sid = session.sid;
      socket.data.name = user.name ?? user.email;
      socket.data.publicName = user.name ?? "Team member";
      next();
    } catch {
      next(new Error("unavailable"));
    }
  });

  io.on("connection", (socket) => {
    const embed = socket.data.embed;
    if (embed) {
      void socket.join([rooms.embed(embed.embedId), EMBEDS_ROOM]);
      // An embed bound to one operator hears only that operator's conversations (the publisher sends
      // them to these rooms too), never the rest of the number's traffic.
      for (const n of embed.numberIds)
        void socket.join(embed.assigneeId ? rooms.numberAssignee(n, embed.assigneeId) : rooms.number(n));
      // An expiring embed's socket closes when its token stops working, not at the next reconnect.
      if (embed.expiresAt) {
        const t = setTimeout(
          () => socket.disconnect(true),
          Math.min(embed.expiresAt - Date.now(), 2 ** 31 - 1),
        );
        socket.on("disconnect", () => clearTimeout(t));
      }
    } else if (socket.data.userId) void socket.join(rooms.user(socket.data.userId));

    socket.on("conversation.view", async (payload, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = viewSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: "conversationId must be a string or null" });
      const previous = socket.data.viewing;
      const next = parsed.data.conversationId;
      try {
        if (next && !(await maySee(socket.data, next))) return reply({ ok: false, error: "not allowed" });
        if (previous && previous !== next) {
          await socket.leave(rooms.conversation(previous));
          socket.data.viewing = undefined;
          await announcePresence(io, previous);
        }
        let viewers: Viewer[] = [];
        if (next) {
          socket.data.viewing = next;
          await socket.join(rooms.conversation(next));
          const seen = await announcePresence(io, next);
          viewers = socket.data.embed ? seen.embed : seen.team;
        }
        reply({ ok: true, viewers });
      } catch {
        reply({ ok: false, error: "temporarily unavailable" });
      }
    });

    socket.on("disconnect", () => {
      if (socket.data.viewing) void announcePresence(io, socket.data.viewing).catch(() => {});
    });

    socket.on("project.join", async (payload, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = joinSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: "projectId is required" });
      if (!socket.data.userId) return reply({ ok: false, error: "embeds join their scope automatically" });
      try {
        const member = await db().membership.findUnique({
          where: { projectId_userId: { projectId: parsed.data.projectId, userId: socket.data.userId } },
          select: { id: true },
        });
        if (!member) return reply({ ok: false, error: "not a member of this project" });
        await socket.join(rooms.project(parsed.data.projectId));
        reply({ ok: true });
      } catch {
        reply({ ok: false, error: "temporarily unavailable, retrying" });
      }
    });

    socket.on("project.leave", async (payload, ack) => {
      const parsed = joinSchema.safeParse(payload);
      if (parsed.success) await socket.leave(rooms.project(parsed.data.projectId));
      if (typeof ack === "function") ack({ ok: true });
    });
  });

  // Committed events reach sockets through the dispatcher (lib/realtime/subscriber.ts).
  g.__switchboardIo = { io, adapter, unsubscribe: registerSubscriber(realtimeSubscriber) };
  return io;
}

/** Closes an embed's open sockets (after it is revoked). */
export function disconnectEmbed(embedId: string): void {
  g.__switchboardIo?.io.in(rooms.embed(embedId)).disconnectSockets(true);
}

/**
 * Closes a user's open sockets when sessions end, on every instance: one session's (`only`, sign-out)
 * or all but one (`except`, a password change keeps the caller's). New handshakes are refused anyway.
 */
export async function disconnectSessions(
  userId: string,
  which: { only: string } | { except: string | null },
): Promise<void> {
  const io = g.__switchboardIo?.io;
  if (!io) return;
  const sockets = await io
    .in(rooms.user(userId))
    .fetchSockets()
    .catch(() => io.local.in(rooms.user(userId)).fetchSockets());
  for (const s of sockets) {
    const ended = "only" in which ? s.data.sid === which.only : s.data.sid !== which.except;
    if (ended) s.disconnect(true);
  }
}

/** Removes a user's sockets from a project's room (after they lose access). */
export function evictFromProject(userId: string, projectId: string): void {
  g.__switchboardIo?.io.in(rooms.user(userId)).socketsLeave(rooms.project(projectId));
}

/** Sends an event to a room on every instance. A no-op where no realtime server runs (scripts, tests). */
export function publish<E extends keyof ServerToClientEvents>(
  room: string | string[],
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): void {
  g.__switchboardIo?.io.to(room).emit(event, ...args);
}

export function realtimeStatus(): { status: "up" | "off"; adapter?: string; connections?: number } {
  const s = g.__switchboardIo;
  if (!s) return { status: "off" };
  return { status: "up", adapter: s.adapter, connections: s.io.engine?.clientsCount ?? 0 };
}

export async function stopRealtime(): Promise<void> {
  const s = g.__switchboardIo;
  if (!s) return;
  g.__switchboardIo = undefined;
  s.unsubscribe();
  s.io.disconnectSockets(true);
  await new Promise<void>((resolve) => {
    // io.close() also closes the HTTP server it is attached to; server.ts closes that itself.
    s.io.of("/").adapter.close?.();
    resolve();
  });
}

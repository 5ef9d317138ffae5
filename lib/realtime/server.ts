import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import { Server } from "socket.io";
import { z } from "zod";
import { db, dbInfra } from "@/lib/db/client";
import { env } from "@/lib/env";
import { type ClientToServerEvents, rooms, type ServerToClientEvents, type SocketData } from "./events";
import { userIdFromCookie } from "./socket-auth";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

// server.ts creates the server; Next's bundles publish through the same instance via globalThis.
const g = globalThis as unknown as { __switchboardIo?: { io: IO; adapter: "postgres" | "memory" } };

const joinSchema = z.object({ projectId: z.string().min(1).max(64) });

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

  io.use(async (socket, next) => {
    try {
      const userId = await userIdFromCookie(socket.handshake.headers.cookie, env().AUTH_SECRET);
      const exists = userId && (await db().user.findUnique({ where: { id: userId }, select: { id: true } }));
      if (!userId || !exists) return next(new Error("unauthenticated"));
      socket.data.userId = userId;
      next();
    } catch {
      next(new Error("unavailable"));
    }
  });

  io.on("connection", (socket) => {
    void socket.join(rooms.user(socket.data.userId));

    socket.on("project.join", async (payload, ack) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = joinSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: "projectId is required" });
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

  g.__switchboardIo = { io, adapter };
  return io;
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
  s.io.disconnectSockets(true);
  await new Promise<void>((resolve) => {
    // io.close() also closes the HTTP server it is attached to; server.ts closes that itself.
    s.io.of("/").adapter.close?.();
    resolve();
  });
}

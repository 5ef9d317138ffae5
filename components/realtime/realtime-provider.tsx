"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type RealtimeStatus = "connecting" | "connected" | "reconnecting" | "offline";
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RealtimeContext = createContext<{ socket: ClientSocket | null; status: RealtimeStatus }>({
  socket: null,
  status: "connecting",
});

/**
 * One socket per tab, joined to the current project's room. After any reconnect every active query is
 * refetched, so whatever was published while the connection was down still reaches the screen.
 */
export function RealtimeProvider({ projectId, children }: { projectId: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [socket, setSocket] = useState<ClientSocket | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>("connecting");

  useEffect(() => {
    const s: ClientSocket = io({ transports: ["websocket"], withCredentials: true });
    let everConnected = false;
    s.on("connect", () => {
      s.emit("project.join", { projectId }, (r) => {
        if (!r.ok) console.warn("[realtime] join refused:", r.error);
      });
      if (everConnected) void queryClient.invalidateQueries();
      everConnected = true;
      setStatus("connected");
    });
    s.on("disconnect", () => setStatus("reconnecting"));
    s.on("connect_error", (err) => setStatus(err.message === "unauthenticated" ? "offline" : "reconnecting"));
    setSocket(s);
    return () => {
      s.disconnect();
      setSocket(null);
    };
  }, [projectId, queryClient]);

  return <RealtimeContext.Provider value={{ socket, status }}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeStatus(): RealtimeStatus {
  return useContext(RealtimeContext).status;
}

/** Subscribes to one server event for the life of the component. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const { socket } = useContext(RealtimeContext);
  useEffect(() => {
    if (!socket) return;
    // socket.io's typed overloads do not narrow through a generic event name.
    const on = socket.on.bind(socket) as (e: string, h: (...args: unknown[]) => void) => void;
    const off = socket.off.bind(socket) as (e: string, h: (...args: unknown[]) => void) => void;
    const h = handler as (...args: unknown[]) => void;
    on(event, h);
    return () => off(event, h);
  }, [socket, event, handler]);
}

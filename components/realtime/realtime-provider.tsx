"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { BatchedEvent, ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";

export type RealtimeStatus = "connecting" | "connected" | "reconnecting" | "offline";
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = BatchedEvent["event"];
type Listener = (payload: unknown) => void;

interface RealtimeContextValue {
  status: RealtimeStatus;
  subscribe: (event: EventName, listener: Listener) => () => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  status: "connecting",
  subscribe: () => () => {},
});

/**
 * One socket per tab, joined to the current project's room. Events arrive one by one or in the
 * dispatcher's batches; both reach the same subscribers. After any reconnect every active query is
 * refetched, so whatever was published while the connection was down still reaches the screen.
 */
export function RealtimeProvider({ projectId, children }: { projectId: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>("connecting");
  const [listeners] = useState(() => new Map<EventName, Set<Listener>>());

  useEffect(() => {
    const s: ClientSocket = io({ transports: ["websocket"], withCredentials: true });
    const fire = (event: string, payload: unknown) => {
      for (const l of listeners.get(event as EventName) ?? []) l(payload);
    };
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
    s.onAny((event: string, payload: unknown) => {
      if (event === "events.batch") for (const e of payload as BatchedEvent[]) fire(e.event, e.payload);
      else fire(event, payload);
    });
    return () => {
      s.disconnect();
    };
  }, [projectId, queryClient, listeners]);

  const subscribe = useCallback(
    (event: EventName, listener: Listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => {
        set.delete(listener);
      };
    },
    [listeners],
  );
  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtimeStatus(): RealtimeStatus {
  return useContext(RealtimeContext).status;
}

/** Subscribes to one server event for the life of the component (pass a stable handler). */
export function useRealtimeEvent<E extends EventName>(event: E, handler: ServerToClientEvents[E]): void {
  const { subscribe } = useContext(RealtimeContext);
  useEffect(() => subscribe(event, handler as Listener), [subscribe, event, handler]);
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { io, type Socket } from "socket.io-client";
import type { BatchedEvent, ClientToServerEvents, ServerToClientEvents, Viewer } from "@/lib/realtime/events";

export type RealtimeStatus = "connecting" | "connected" | "reconnecting" | "offline";
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = BatchedEvent["event"];
type Listener = (payload: unknown) => void;

interface RealtimeContextValue {
  status: RealtimeStatus;
  subscribe: (event: EventName | "presence.changed", listener: Listener) => () => void;
  /** Tells the server which conversation this tab shows (re-sent after every reconnect). */
  view: (conversationId: string | null) => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  status: "connecting",
  subscribe: () => () => {},
  view: () => {},
});

/**
 * One socket per tab, joined to the current project's room. Events arrive one by one or in the
 * dispatcher's batches; both reach the same subscribers. After any reconnect every active query is
 * refetched, so whatever was published while the connection was down still reaches the screen.
 */
/** Tells the server which conversation this tab shows; its answer names who is already there. */
function announceView(s: ClientSocket, conversationId: string | null, fire: (e: string, p: unknown) => void) {
  s.emit("conversation.view", { conversationId }, (r) => {
    if (r.ok && conversationId) fire("presence.changed", { conversationId, viewers: r.viewers });
  });
}

export function RealtimeProvider({
  projectId,
  embedToken,
  children,
}: {
  /** A signed-in user's socket joins this project's room. */
  projectId?: string;
  /** An embed's socket authenticates with its token; the server joins the rooms of its scope. */
  embedToken?: string;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>("connecting");
  const [listeners] = useState(() => new Map<string, Set<Listener>>());
  const socket = useRef<ClientSocket | null>(null);
  const fire = useCallback(
    (event: string, payload: unknown) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    [listeners],
  );
  const viewing = useRef<string | null>(null);

  // Targeted invalidations for dashboard pages (workflows, members): only the named query keys refetch.
  useEffect(() => {
    const set = listeners.get("query.invalidate") ?? new Set<Listener>();
    const l: Listener = (p) => {
      for (const queryKey of (p as { keys: string[][] }).keys)
        void queryClient.invalidateQueries({ queryKey });
    };
    set.add(l);
    listeners.set("query.invalidate", set);
    return () => {
      set.delete(l);
    };
  }, [listeners, queryClient]);

  useEffect(() => {
    const s: ClientSocket = io({
      transports: ["websocket"],
      withCredentials: !embedToken,
      ...(embedToken ? { auth: { embedToken } } : {}),
    });
    socket.current = s;
    let everConnected = false;
    s.on("connect", () => {
      if (projectId)
        s.emit("project.join", { projectId }, (r) => {
          if (!r.ok) console.warn("[realtime] join refused:", r.error);
        });
      if (viewing.current) announceView(s, viewing.current, fire);
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
      socket.current = null;
      s.disconnect();
    };
  }, [projectId, embedToken, queryClient, fire]);

  const view = useCallback(
    (conversationId: string | null) => {
      viewing.current = conversationId;
      // While disconnected, the connect handler announces it instead (no buffered duplicate).
      if (socket.current?.connected) announceView(socket.current, conversationId, fire);
    },
    [fire],
  );

  const subscribe = useCallback(
    (event: string, listener: Listener) => {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => {
        set.delete(listener);
      };
    },
    [listeners],
  );
  const value = useMemo(() => ({ status, subscribe, view }), [status, subscribe, view]);

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

/** Who else is looking at this conversation (announces this tab as a viewer while mounted). */
export function usePresence(conversationId: string): Viewer[] {
  const { subscribe, view } = useContext(RealtimeContext);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  useEffect(() => {
    const off = subscribe("presence.changed", (p) => {
      const e = p as { conversationId: string; viewers: Viewer[] };
      if (e.conversationId === conversationId) setViewers(e.viewers);
    });
    view(conversationId);
    return () => {
      off();
      view(null);
    };
  }, [conversationId, subscribe, view]);
  return viewers;
}

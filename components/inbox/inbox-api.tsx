"use client";

import { createContext, type ReactNode, useContext, useMemo } from "react";
import { fetchJson } from "@/lib/query-client";

/**
 * Where the inbox UI talks to: `/api/projects/{id}/inbox` for the dashboard (session cookie) or
 * `/api/embed/{token}` inside an embed (token in the path, no cookie). The same components serve both.
 */
export interface InboxApi {
  /** Cache-key prefix: the project id or the embed id. */
  key: string;
  base: string;
  /** Signed-in user id, or null in an embed. */
  meId: string | null;
  embedded: boolean;
  url: (path: string) => string;
  get: <T>(path: string) => Promise<T>;
  send: <T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown) => Promise<T>;
}

const Ctx = createContext<InboxApi | null>(null);

export function InboxApiProvider({
  base,
  cacheKey,
  meId,
  embedded = false,
  children,
}: {
  base: string;
  cacheKey: string;
  meId: string | null;
  embedded?: boolean;
  children: ReactNode;
}) {
  const api = useMemo<InboxApi>(
    () => ({
      key: cacheKey,
      base,
      meId,
      embedded,
      url: (path) => `${base}${path}`,
      get: (path) => fetchJson(`${base}${path}`),
      send: (method, path, body) =>
        fetchJson(`${base}${path}`, {
          method,
          headers: body === undefined ? {} : { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
    }),
    [base, cacheKey, meId, embedded],
  );
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useInboxApi(): InboxApi {
  const api = useContext(Ctx);
  if (!api) throw new Error("useInboxApi outside InboxApiProvider");
  return api;
}

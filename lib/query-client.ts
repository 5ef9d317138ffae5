import { isServer, QueryClient } from "@tanstack/react-query";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Realtime events invalidate what changed, so data can be treated as fresh for a while.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          count < 2 && !(error instanceof HttpError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** One client per server request, one for the life of the browser tab. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request never reached the server (it is down, or this device is offline): status 0. */
export class ConnectionLostError extends HttpError {
  constructor() {
    super(0, "The connection to Switchboard was lost. Check your network; this is retried when it is back.");
  }
}

/** fetch + JSON for the dashboard's own API routes; their `{ error }` body becomes the message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  // fetch rejects only when no answer came at all ("Failed to fetch" says nothing useful to a person).
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } }).catch(
    (e: unknown) => {
      if (init?.signal?.aborted) throw e;
      throw new ConnectionLostError();
    },
  );
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new HttpError(
      res.status,
      (body as { error?: string } | null)?.error ?? `Request failed (${res.status})`,
    );
  return body as T;
}

import { isServer, QueryClient } from "@tanstack/react-query";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Realtime events invalidate what changed, so data can be treated as fresh for a while.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && !(error instanceof HttpError && error.status < 500),
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

/** fetch + JSON for the dashboard's own API routes; their `{ error }` body becomes the message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new HttpError(
      res.status,
      (body as { error?: string } | null)?.error ?? `Request failed (${res.status})`,
    );
  return body as T;
}

import { GraphApiError, WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import { makeGuardedFetch } from "@/lib/egress/fetch";
import { env } from "@/lib/env";
import { explainGraphError, type GraphProblem } from "./errors";

/** What a Graph call needs of a number (lib/numbers' NumberWithSecrets has it). */
export interface GraphNumber {
  id: string;
  kind: "LIVE" | "SANDBOX";
  phoneNumberId: string;
  accessToken: string | null;
}

type TokenRejected = (number: GraphNumber, reason: string) => Promise<void>;
let tokenRejected: TokenRejected = async () => {};

/** Set by lib/numbers: what to do when Meta refuses a number's token (mark it unhealthy). */
export function onTokenRejected(handler: TokenRejected): void {
  tokenRejected = handler;
}

// The Graph client for one number. LIVE numbers talk to Meta; SANDBOX numbers talk to the built-in
// simulator over HTTP in exactly the same way. Transport and error parsing come from Kapso's SDK
// (@kapso/whatsapp-cloud-api): it speaks the same proxy dialect we serve, parses Graph errors into
// code/subcode/fbtrace_id and classifies them; bodies are passed as JSON strings so it sends them as-is.
export function graphBaseUrl(number: Pick<GraphNumber, "kind">): string {
  return number.kind === "SANDBOX" ? `${env().INTERNAL_URL}/api/sandbox/graph` : env().META_GRAPH_URL;
}

/**
 * The Graph bases this deployment is configured with: Meta's (META_GRAPH_URL) and the built-in
 * simulator's. In development and tests both are on loopback (the simulator is this app; tests point
 * META_GRAPH_URL at a local fake), which the egress guard refuses; the guard lets Graph calls reach
 * loopback only under a base written as a loopback literal or `localhost` (INTERNAL_URL's default
 * http://127.0.0.1:PORT is one), so loopback is not opened to anything else. A public base
 * (graph.facebook.com) needs and gets no exception.
 */
export function graphBases(): string[] {
  return [`${env().INTERNAL_URL}/api/sandbox/graph/`, `${env().META_GRAPH_URL.replace(/\/$/, "")}/`];
}

/** Graph over the egress guard (pinned DNS, no redirects, time and size limits), trusting graphBases(). */
export const graphFetch: typeof fetch = (input, init) =>
  makeGuardedFetch({ trustedBases: graphBases(), timeoutMs: 120_000 })(input, init);

export interface ClientOptions {
  /**
   * Through the egress guard (graphFetch). Template, profile and upload calls are; message sends and
   * media downloads (up to 100 MB, beyond the guard's answer limit) still use the runtime's fetch.
   */
  guarded?: boolean;
}

export function clientFor(number: GraphNumber, options: ClientOptions = {}): WhatsAppClient {
  if (!number.accessToken)
    throw new GraphError(
      { id: number.id, phoneNumberId: number.phoneNumberId },
      {
        code: 190,
        status: 502,
        httpStatus: 401,
        retryable: false,
        action: "This number has no access token. Add one under Numbers.",
      },
    );
  const base: typeof fetch = options.guarded ? graphFetch : fetch;
  return new WhatsAppClient({
    accessToken: number.accessToken,
    baseUrl: graphBaseUrl(number),
    graphVersion: env().META_GRAPH_VERSION,
    // The simulator is this app, on this machine: compressing its answers only costs both ends CPU
    // (about a tenth of a broadcast's, measured), so sandbox calls ask for them as they are.
    ...(number.kind === "SANDBOX"
      ? { fetch: uncompressed(base) }
      : options.guarded
        ? { fetch: graphFetch }
        : {}),
  });
}

function uncompressed(f: typeof fetch): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("accept-encoding", "identity");
    return f(input, { ...init, headers });
  };
}

export class GraphError extends Error {
  constructor(
    readonly number: Pick<GraphNumber, "id" | "phoneNumberId">,
    readonly problem: GraphProblem,
    readonly body?: unknown,
  ) {
    super(problem.action);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One Graph call with Meta-shaped JSON. Rate limits are retried with exponential backoff (3 tries);
 * an invalid token marks the number unhealthy so the Numbers page shows it.
 */
export async function graph<T>(
  number: GraphNumber,
  method: "GET" | "POST" | "DELETE",
  path: string,
  opts: { body?: unknown; query?: Record<string, string>; attempts?: number } & ClientOptions = {},
): Promise<T> {
  const client = clientFor(number, { guarded: opts.guarded });
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const res = await client.request(method, path, {
      query: opts.query,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      headers: opts.body === undefined ? undefined : { "Content-Type": "application/json" },
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {}
    if (res.ok) return json as T;
    const problem = explainGraphError(GraphApiError.fromResponse(res, json, text));
    if (problem.code === 190) await tokenRejected(number, problem.action);
    if (problem.status === 429 && attempt < attempts) {
      await sleep(250 * 2 ** (attempt - 1) + Math.random() * 100);
      continue;
    }
    throw new GraphError({ id: number.id, phoneNumberId: number.phoneNumberId }, problem, json);
  }
}

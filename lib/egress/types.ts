// The egress guard's public types: what a caller asks (EgressRequest), gets (EgressResponse) or is refused
// with (EgressError). fetch.ts re-exports them.

export type EgressErrorCode = "invalid_url" | "blocked_address" | "timeout" | "too_large" | "network";

export class EgressError extends Error {
  readonly code: EgressErrorCode;
  constructor(code: EgressErrorCode, message: string) {
    super(message);
    this.name = "EgressError";
    this.code = code;
  }
}

export interface EgressRequest {
  method?: string;
  headers?: Record<string, string> | Headers | [string, string][];
  body?: string | Uint8Array;
  /** The whole exchange (lookup, connect, request, response) must finish within this. Default 10 s. */
  timeoutMs?: number;
  /** Largest response body read. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Past maxResponseBytes: false (default) fails with too_large; true keeps the first bytes. */
  truncate?: boolean;
  /**
   * Called with the status and headers before any of the body is read: returns the largest body to
   * accept (in place of maxResponseBytes), or throws to refuse the answer unread (the error is rethrown
   * as it is). Media ingest decides the type's size limit here, so an oversized file stops streaming at
   * that limit.
   */
  limitFor?: (res: { status: number; headers: Headers }) => number;
  signal?: AbortSignal;
  /**
   * Base URLs from the operator's own configuration (never from user input) that may sit on loopback: a
   * URL under one of them (see underTrustedBase) may reach a loopback address when the base's host is a
   * loopback literal (127.0.0.0/8, [::1]) or `localhost` (and then only if it resolves to loopback). A
   * base written with any other name, or a private non-loopback address, gets no exception: DNS could
   * point that name anywhere inside the network. The Graph client passes Meta's configured base and the
   * built-in simulator's.
   */
  trustedBases?: readonly string[];
}

export interface EgressResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  truncated: boolean;
  /** The address the request went to. */
  address: string;
  text(): string;
  json(): unknown;
}

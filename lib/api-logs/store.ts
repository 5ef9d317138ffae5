import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";

// The API log's writer: calls are buffered in memory and written in batches (one multi-row INSERT per
// flush, every 500 ms or at 500 rows), so logging costs a request an array push, not a round trip.
// A crash loses at most the last half second of log rows, never a request.

export interface ApiCall {
  projectId: string;
  apiKeyId: string | null;
  method: string;
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  at: Date;
}

const FLUSH_MS = 500;
const FLUSH_ROWS = 500;
const MAX_BUFFER = 20_000;

const g = globalThis as unknown as {
  __switchboardApiLog?: { buffer: ApiCall[]; timer?: NodeJS.Timeout; flushing?: Promise<void> };
};
g.__switchboardApiLog ??= { buffer: [] };
const state = g.__switchboardApiLog;

const id = () => `al${Date.now().toString(36)}${randomBytes(6).toString("hex")}`;

export async function flushApiLog(): Promise<void> {
  if (state.flushing) await state.flushing;
  if (!state.buffer.length) return;
  const rows = state.buffer.splice(0, state.buffer.length);
  state.flushing = db()
    .apiLog.createMany({
      data: rows.map((r) => ({
        id: id(),
        projectId: r.projectId,
        apiKeyId: r.apiKeyId,
        method: r.method,
        endpoint: r.endpoint.slice(0, 500),
        statusCode: r.statusCode,
        latencyMs: r.latencyMs,
        createdAt: r.at,
      })),
      skipDuplicates: true,
    })
    .then(
      () => undefined,
      (e: unknown) => console.error("[api-logs] flush failed:", (e as Error).message),
    )
    .finally(() => {
      state.flushing = undefined;
    });
  await state.flushing;
}

/** Records one call (cheap: buffered). */
export function recordApiCall(call: ApiCall): void {
  // Under a flood with the database gone, the oldest rows go first rather than memory.
  if (state.buffer.length >= MAX_BUFFER) state.buffer.shift();
  state.buffer.push(call);
  if (state.buffer.length >= FLUSH_ROWS) void flushApiLog();
  else if (!state.timer) {
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void flushApiLog();
    }, FLUSH_MS);
    state.timer.unref();
  }
}

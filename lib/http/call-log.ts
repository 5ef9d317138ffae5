// Where API-key calls are reported (the API log). lib/http imports no domain: the composition root
// (lib/boot/platform.ts) registers the writer. On globalThis, so Next's bundles reach the same one.

export interface CallRecord {
  projectId: string;
  apiKeyId: string | null;
  method: string;
  endpoint: string;
  statusCode: number;
  latencyMs: number;
  at: Date;
}

const g = globalThis as unknown as { __switchboardCallLog?: ((c: CallRecord) => void) | null };

export function setCallLogger(fn: ((c: CallRecord) => void) | null): void {
  g.__switchboardCallLog = fn;
}

export function logCall(c: CallRecord): void {
  try {
    g.__switchboardCallLog?.(c);
  } catch {
    // Logging never fails a request.
  }
}

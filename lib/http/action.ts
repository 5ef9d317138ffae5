import type { ErrorCode } from "@/lib/errors";

/** What every server action returns (lib/http/define-action.ts): the data, or an error the form can show. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ErrorCode;
      error: string;
      fields?: Record<string, string>;
      details?: Record<string, unknown>;
    };

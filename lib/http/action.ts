import type { z } from "zod";
import { type ErrorCode, parseOrThrow, toPublicError } from "@/lib/errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ErrorCode;
      error: string;
      fields?: Record<string, string>;
      details?: Record<string, unknown>;
    };

/**
 * The one way server actions run: parse the input with zod, run the body (which checks access itself),
 * and turn every failure into a result the form can show. Internals never reach the browser.
 */
export async function runAction<S extends z.ZodType, T>(
  name: string,
  schema: S,
  input: unknown,
  body: (input: z.infer<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const parsed = parseOrThrow(schema, input);
    return { ok: true, data: await body(parsed) };
  } catch (e) {
    const err = toPublicError(e, `action ${name}`);
    return { ok: false, code: err.code, error: err.message, fields: err.fields, details: err.details };
  }
}

import { z } from "zod";

export type ErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "validation"
  | "conflict"
  | "method_not_allowed"
  | "too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 422,
  conflict: 409,
  method_not_allowed: 405,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The one error type the app throws on purpose. Its message is safe to show to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: Record<string, string>;
  /** Structured data the caller needs to recover (a conflict's current version, a problem list). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number; fields?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = opts.status ?? STATUS[code];
    this.fields = opts.fields;
    this.details = opts.details;
  }
}

/** Field errors keyed by dotted path, first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

export function validationError(error: z.ZodError): AppError {
  const fields = fieldErrors(error);
  const [first] = Object.entries(fields);
  const message = first ? `${first[0]}: ${first[1]}` : "Invalid input";
  return new AppError("validation", message, { fields });
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error);
  return r.data;
}

/** Converts anything thrown into what may be shown; unexpected errors are logged, not leaked. */
export function toPublicError(e: unknown, context: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof z.ZodError) return validationError(e);
  // Two requests raced to create the same thing; the loser is told so instead of getting a 500.
  if ((e as { code?: string })?.code === "P2002")
    return new AppError(
      "conflict",
      "That already exists (someone may have just created it). Reload and try again.",
    );
  console.error(`[${context}] unexpected error`, e);
  return new AppError(
    "internal",
    "Something went wrong on our side. Try again; if it keeps happening, check the server log.",
  );
}

import { randomBytes } from "node:crypto";
import { type AppError, toPublicError } from "@/lib/errors";

/**
 * How each API says what went wrong:
 * - dashboard: `{ error, code, fields }` (our own UI reads the code and the field errors);
 * - kapso: Kapso's Platform API `{ error: "…" }` (plus `fields` naming them, which Kapso clients ignore);
 * - graph: Meta's Graph API `{ error: { message, type, code, error_data, fbtrace_id } }`.
 */
export type ErrorShape = "dashboard" | "kapso" | "graph";

/** Graph's numeric codes for our HTTP statuses: 100 invalid parameter, 190 bad token, others as status. */
function graphCode(err: AppError): number {
  if (err.status === 401) return 190;
  if (
    err.status === 400 ||
    err.status === 404 ||
    err.status === 405 ||
    err.status === 415 ||
    err.status === 422
  )
    return 100;
  return err.status;
}

export function errorBody(err: AppError, shape: ErrorShape): unknown {
  if (shape === "kapso")
    return { error: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.details ?? {}) };
  if (shape === "graph")
    return {
      error: {
        message: err.message,
        type: err.status === 401 ? "OAuthException" : "SwitchboardError",
        code: graphCode(err),
        error_data: { messaging_product: "whatsapp", details: err.message },
        fbtrace_id: `A${randomBytes(11).toString("base64url")}`,
      },
    };
  return { error: err.message, code: err.code, ...(err.fields ? { fields: err.fields } : {}) };
}

/** Anything thrown, as a JSON response in the API's shape (unexpected errors logged, never leaked). */
export function errorResponse(
  e: unknown,
  shape: ErrorShape,
  context: string,
  headers?: HeadersInit,
): Response {
  const err = toPublicError(e, context);
  return Response.json(errorBody(err, shape), { status: err.status, headers });
}

import { AppError } from "@/lib/errors";
import { METHODS, type Method, type NextHandler } from "./define-route";
import { type ErrorShape, errorResponse } from "./shapes";

/** Catch-all route exports: an unknown path under an API answers 404 in that API's error shape, not HTML. */
export function unknownPath(errorShape: ErrorShape, api: string): Record<Method, NextHandler> {
  const handler: NextHandler = async (req) =>
    errorResponse(
      new AppError("not_found", `Unknown path ${new URL(req.url).pathname} in the ${api}.`),
      errorShape,
      "unknown path",
    );
  return Object.fromEntries(METHODS.map((m) => [m, handler])) as Record<Method, NextHandler>;
}

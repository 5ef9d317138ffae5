import type { z } from "zod";
import { apiKeyOf, projectForApiKey } from "@/lib/auth/api-key-data";
import type { ProjectId } from "@/lib/auth/project-id";
import { AppError, parseOrThrow, toPublicError } from "@/lib/errors";
import { readBodyLimited } from "./body";

/** JSON bodies of the APIs are small; workflow definitions are the largest (see next.config.ts). */
const MAX_JSON_BODY = 4 * 1024 * 1024;

// Kapso-compatible Platform API (/platform/v1/...): X-API-Key auth, `{ data }` on success,
// `{ error: "..." }` with the right status on failure.

export interface PlatformContext {
  projectId: ProjectId;
  apiKeyId: string;
}

type Params = Promise<Record<string, string | string[]>>;

export function platformError(e: unknown, context: string): Response {
  const err = toPublicError(e, context);
  return Response.json(
    { error: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.details ?? {}) },
    { status: err.status },
  );
}

/**
 * Wraps a Platform API route handler: authenticates the API key, resolves the project, maps errors.
 * The handler returns the `data` value (wrapped as `{ data }`, status 200 or `status`) or a Response.
 */
export function platformRoute<P extends Record<string, string> = Record<string, string>>(
  handler: (
    ctx: PlatformContext,
    req: Request,
    params: P,
  ) => Promise<Response | { data: unknown; status?: number; meta?: unknown; paging?: unknown }>,
) {
  return async (req: Request, { params }: { params: Params }) => {
    try {
      const key = apiKeyOf(req);
      if (!key) throw new AppError("unauthenticated", "Missing API key: send it in the X-API-Key header.");
      const auth = await projectForApiKey(key);
      if (!auth) throw new AppError("unauthenticated", "Invalid or revoked API key.");
      const out = await handler(
        { projectId: auth.projectId, apiKeyId: auth.keyId },
        req,
        (await params) as P,
      );
      if (out instanceof Response) return out;
      const { status = 200, ...body } = out;
      return Response.json(body, { status });
    } catch (e) {
      return platformError(e, `platform ${new URL(req.url).pathname}`);
    }
  };
}

/** Parses a JSON body: 400 when it is not JSON, 422 naming the field when it does not fit the schema. */
export async function readBody<T extends z.ZodType>(req: Request, schema: T): Promise<z.infer<T>> {
  const bytes = await readBodyLimited(req, MAX_JSON_BODY);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("validation", "The request body must be JSON.", { status: 400 });
  }
  return parseOrThrow(schema, raw);
}

/** Parses the query string against a schema (422 naming the parameter). */
export function readQuery<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  return parseOrThrow(schema, Object.fromEntries(new URL(req.url).searchParams));
}

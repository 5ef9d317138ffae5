import { NextResponse } from "next/server";
import type { z } from "zod";
import type { Role } from "@/generated/prisma/enums";
import { authorizeProject, type ProjectContext } from "@/lib/auth/session";
import { parseOrThrow, toPublicError } from "@/lib/errors";

export function errorResponse(e: unknown, context: string): NextResponse {
  const err = toPublicError(e, context);
  return NextResponse.json(
    { error: err.message, code: err.code, fields: err.fields },
    { status: err.status },
  );
}

type Params = Promise<Record<string, string>>;

/**
 * Route handlers for the dashboard's own reads: session cookie, project from the `projectId` path
 * segment, role check, query parsed with zod, errors mapped to JSON with the right status.
 */
export function withSession<Q extends z.ZodType>(
  opts: { minRole?: Role; query: Q },
  handler: (ctx: ProjectContext, query: z.infer<Q>, req: Request) => Promise<unknown>,
) {
  return async (req: Request, { params }: { params: Params }) => {
    try {
      const { projectId } = await params;
      const ctx = await authorizeProject({ id: projectId ?? "" }, opts.minRole ?? "MEMBER");
      const query = parseOrThrow(opts.query, Object.fromEntries(new URL(req.url).searchParams));
      return NextResponse.json(await handler(ctx, query, req));
    } catch (e) {
      return errorResponse(e, `route ${new URL(req.url).pathname}`);
    }
  };
}

import type { Actor, InboxAccess, Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { type NextHandler, type RouteContext, type RouteSpec, runRoute } from "@/lib/http/define-route";
import { errorResponse } from "@/lib/http/shapes";

// The inbox's HTTP API, one table behind two doors: /api/projects/{id}/inbox/... (session) and
// /api/embed/{token}/... (embed token). The door authenticates through the HTTP layer, which mints the
// access every handler passes to the data calls; each endpoint declares its query and body schemas.

type EndpointSpec = Omit<RouteSpec, "auth" | "errorShape">;
type Ctx = RouteContext<Record<string, string>, unknown, Record<string, string>> & {
  access: InboxAccess;
  scope: Scope;
  actor: Actor;
};

interface Endpoint {
  method: string;
  pattern: string[];
  spec: EndpointSpec;
  handler: (ctx: Ctx) => Promise<unknown>;
}

const endpoints: Endpoint[] = [];

/** Registers `METHOD /a/:b/c`. Handlers return a Response or a JSON-able value. */
export function inboxRoute<S extends EndpointSpec>(
  method: string,
  path: string,
  spec: S,
  handler: (
    ctx: Ctx & {
      query: S["query"] extends import("zod").ZodType
        ? import("zod").infer<S["query"]>
        : Record<string, string>;
      body: S["body"] extends import("zod").ZodType ? import("zod").infer<S["body"]> : undefined;
    },
  ) => Promise<unknown>,
): void {
  endpoints.push({
    method,
    pattern: path.split("/").filter(Boolean),
    spec,
    handler: handler as Endpoint["handler"],
  });
}

function match(e: Endpoint, path: string[]): Record<string, string> | null {
  if (e.pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of e.pattern.entries()) {
    const seg = path[i] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = seg;
    else if (part !== seg) return null;
  }
  return params;
}

/** The route exports of one door: every method, 404/405 in the dashboard's error shape. */
export function inboxDoor(
  auth: "session" | "embed",
): Record<"GET" | "HEAD" | "POST" | "PATCH" | "PUT" | "DELETE", NextHandler> {
  const handle: NextHandler = async (req, ctx) => {
    const raw = (await ctx?.params) ?? {};
    const path = Array.isArray(raw.path) ? raw.path : [];
    const found = endpoints.map((e) => ({ e, p: match(e, path) })).filter((x) => x.p !== null);
    const hit = found.find((x) => x.e.method === req.method);
    if (!hit?.p) {
      const allow = found.map((x) => x.e.method).join(", ");
      const err = allow
        ? new AppError("method_not_allowed", `${req.method} is not allowed here; use ${allow}.`)
        : new AppError("not_found", "No such inbox endpoint.");
      return errorResponse(err, "dashboard", "inbox", allow ? { allow } : undefined);
    }
    const { e, p } = hit;
    const { path: _path, ...door } = raw;
    return runRoute(
      { ...e.spec, auth, errorShape: "dashboard" },
      (ctx) => {
        const access = ctx.access as InboxAccess;
        return e.handler({ ...ctx, params: p, access, scope: access, actor: access.actor } as Ctx);
      },
      req,
      { ...door, ...p },
    );
  };
  return { GET: handle, HEAD: handle, POST: handle, PATCH: handle, PUT: handle, DELETE: handle };
}

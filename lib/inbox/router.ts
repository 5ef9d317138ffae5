import type { InboxAccess } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";

// The inbox's HTTP API, one router behind two doors: /api/projects/{id}/inbox/... (session) and
// /api/embed/{token}/... (embed token). Handlers receive the access the door resolved and must pass it to
// every data call, which scopes by it.

export type InboxHandler = (
  access: InboxAccess,
  req: Request,
  params: Record<string, string>,
) => Promise<Response | unknown>;

interface Route {
  method: string;
  pattern: string[];
  handler: InboxHandler;
}

const routes: Route[] = [];

/** Registers `METHOD /a/:b/c`. Handlers return a Response or a JSON-able value. */
export function inboxRoute(method: string, path: string, handler: InboxHandler): void {
  routes.push({ method, pattern: path.split("/").filter(Boolean), handler });
}

function match(route: Route, method: string, path: string[]): Record<string, string> | null {
  if (route.method !== method || route.pattern.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of route.pattern.entries()) {
    const seg = path[i] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = seg;
    else if (part !== seg) return null;
  }
  return params;
}

export async function dispatchInbox(
  resolveAccess: () => Promise<InboxAccess>,
  req: Request,
  path: string[],
): Promise<Response> {
  try {
    const found = routes
      .map((r) => ({ r, params: match(r, req.method, path) }))
      .find((x) => x.params !== null);
    if (!found?.params) throw new AppError("not_found", "No such inbox endpoint.");
    const access = await resolveAccess();
    const out = await found.r.handler(access, req, found.params);
    return out instanceof Response ? out : Response.json(out ?? { ok: true });
  } catch (e) {
    return errorResponse(e, `inbox ${req.method} /${path.join("/")}`);
  }
}

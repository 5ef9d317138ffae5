import type { z } from "zod";
import type { Role } from "@/generated/prisma/enums";
import {
  apiKeyOf,
  projectForApiKey,
  type ResolvedEmbed,
  resolveEmbedToken,
  touchEmbed,
} from "@/lib/auth/credential-data";
import type { ProjectContext, SessionUser } from "@/lib/auth/project-id";
import type { Actor, InboxAccess, Scope } from "@/lib/auth/scope";
import { AppError, parseOrThrow } from "@/lib/errors";
import { logCall } from "./call-log";
import { checkParams, readJson, readQueryObject } from "./input";
import { checkCrossSite, embedOriginAllowed } from "./origin";
import { type ErrorShape, errorResponse } from "./shapes";

/**
 * Who may call a route:
 * - session: a signed-in user (cookie); with a `projectId` path parameter, a member with `minRole`;
 * - apiKey: a project API key (X-API-Key or Bearer);
 * - embed: an embed token in the `token` path parameter, from an origin the embed allows;
 * - signature / sandboxToken: the handler verifies a signature or a Graph token over what it reads;
 * - public: no credentials (health, Meta's handshake).
 */
export type AuthKind = "session" | "apiKey" | "embed" | "signature" | "sandboxToken" | "public";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/** JSON bodies are small; routes that take more (workflow definitions, uploads) say so. */
export const DEFAULT_BODY_LIMIT = 1 << 20;

export interface RouteSpec<
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  auth: AuthKind;
  errorShape: ErrorShape;
  minRole?: Role;
  params?: P;
  query?: Q;
  /** A JSON body parsed with this schema. Omitted: the route takes no JSON body (see `rawBody`). */
  body?: B;
  bodyOptional?: boolean;
  /** The handler reads the body itself (multipart, pass-through), after authentication, within `bodyLimit`. */
  rawBody?: boolean;
  bodyLimit?: number;
  /** For the OpenAPI document. */
  response?: z.ZodType;
  status?: number;
  summary?: string;
  description?: string;
  tag?: string;
}

export interface RouteContext<Q, B, P> {
  req: Request;
  url: URL;
  params: P;
  query: Q;
  body: B;
  /** Set for session (with a project), apiKey and embed routes. */
  scope: Scope | undefined;
  actor: Actor | undefined;
  /** A scope with its actor, as the inbox data layer takes it (session, apiKey, embed). */
  access: InboxAccess | undefined;
  user: SessionUser | undefined;
  project: ProjectContext | undefined;
  embed: ResolvedEmbed | undefined;
}

type Ctx<S extends RouteSpec> = RouteContext<
  S["query"] extends z.ZodType ? z.infer<S["query"]> : Record<string, never>,
  S["body"] extends z.ZodType ? z.infer<S["body"]> : undefined,
  S["params"] extends z.ZodType ? z.infer<S["params"]> : Record<string, string>
>;

export type RouteHandler<S extends RouteSpec> = (ctx: Ctx<S>) => Promise<unknown>;

export interface DefinedRoute<S extends RouteSpec = RouteSpec> {
  spec: S;
  run: (req: Request, rawParams: Record<string, string | string[]>) => Promise<Response>;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface Authenticated {
  scope?: Scope;
  actor?: Actor;
  access?: InboxAccess;
  user?: SessionUser;
  project?: ProjectContext;
  embed?: ResolvedEmbed;
}

async function authenticate(
  spec: RouteSpec,
  req: Request,
  raw: Record<string, unknown>,
): Promise<Authenticated> {
  switch (spec.auth) {
    case "session": {
      // A cookie rides along on cross-site requests: state changes must come from our own pages.
      if (STATE_CHANGING.has(req.method)) checkCrossSite(req);
      // Loaded on first use: API-key, embed and Graph doors never load Auth.js.
      const { authorizeProject, requireUser } = await import("@/lib/auth/session");
      const projectId = typeof raw.projectId === "string" ? raw.projectId : undefined;
      if (!projectId) return { user: await requireUser() };
      const ctx = await authorizeProject({ id: projectId }, spec.minRole ?? "MEMBER");
      const scope: Scope = { projectId: ctx.projectId };
      const actor: Actor = { kind: "user", userId: ctx.user.id, role: ctx.role };
      return { user: ctx.user, project: ctx, scope, actor, access: { ...scope, actor } };
    }
    case "apiKey": {
      const key = apiKeyOf(req);
      if (!key) throw new AppError("unauthenticated", "Missing API key: send it in the X-API-Key header.");
      const found = await projectForApiKey(key);
      if (!found) throw new AppError("unauthenticated", "Invalid or revoked API key.");
      const scope: Scope = { projectId: found.projectId };
      const actor: Actor = { kind: "apiKey", apiKeyId: found.keyId };
      return { scope, actor, access: { ...scope, actor } };
    }
    case "embed": {
      const embed = await resolveEmbedToken(typeof raw.token === "string" ? raw.token : "", {
        touch: false,
      });
      if (!embedOriginAllowed(req, embed.allowedOrigins))
        throw new AppError("forbidden", "This embed does not allow calls from that origin.");
      // Counted only once the origin passed: a refused caller did not use the embed.
      await touchEmbed(embed.id);
      return { embed, scope: embed.access, actor: embed.access.actor, access: embed.access };
    }
    default:
      return {};
  }
}

/** The shared pipeline: check inputs' text, authenticate, parse params and query, read the body. */
export async function runRoute<S extends RouteSpec>(
  spec: S,
  handler: RouteHandler<S>,
  req: Request,
  rawParams: Record<string, string | string[]>,
): Promise<Response> {
  const url = new URL(req.url);
  const started = performance.now();
  let who: Authenticated = {};
  const done = (res: Response): Response => {
    // API-key calls go to the API log (buffered; see lib/api-logs).
    if (who.actor?.kind === "apiKey" && who.scope)
      logCall({
        projectId: who.scope.projectId,
        apiKeyId: who.actor.apiKeyId,
        method: req.method,
        endpoint: url.pathname,
        statusCode: res.status,
        latencyMs: Math.round(performance.now() - started),
        at: new Date(),
      });
    return res;
  };
  try {
    checkParams(rawParams);
    const rawQuery = readQueryObject(url);
    who = await authenticate(spec, req, rawParams);
    const params = spec.params ? parseOrThrow(spec.params, rawParams) : rawParams;
    const query = spec.query ? parseOrThrow(spec.query, rawQuery) : rawQuery;
    let body: unknown;
    if (spec.body && req.method !== "GET" && req.method !== "HEAD") {
      const raw = await readJson(req, {
        maxBytes: spec.bodyLimit ?? DEFAULT_BODY_LIMIT,
        // Every JSON body the APIs take is an object: anything else is refused before the schema runs.
        object: true,
        optional: spec.bodyOptional,
      });
      body = parseOrThrow(spec.body, raw ?? {});
    } else if (spec.rawBody && spec.bodyLimit) {
      // The handler streams the body itself; a declared size over the route's limit is refused unread.
      if (Number(req.headers.get("content-length") ?? 0) > spec.bodyLimit)
        throw new AppError("too_large", "The request body is larger than this endpoint takes.");
    } else if (!spec.rawBody && STATE_CHANGING.has(req.method)) {
      // A route that takes no body reads none; a declared huge one is refused rather than drained.
      const declared = Number(req.headers.get("content-length") ?? 0);
      if (declared > DEFAULT_BODY_LIMIT)
        throw new AppError("too_large", "This endpoint takes no request body.");
    }
    const out = await handler({
      req,
      url,
      params,
      query,
      body,
      scope: who.scope,
      actor: who.actor,
      access: who.access,
      user: who.user,
      project: who.project,
      embed: who.embed,
    } as Ctx<S>);
    if (out instanceof Response) return done(out);
    return done(Response.json(out ?? { ok: true }, { status: spec.status ?? 200 }));
  } catch (e) {
    return done(errorResponse(e, spec.errorShape, `${spec.auth} ${req.method} ${url.pathname}`));
  }
}

/** One endpoint: its declared inputs and the handler that gets them parsed, with scope and actor bound. */
export function defineRoute<S extends RouteSpec>(spec: S, handler: RouteHandler<S>): DefinedRoute<S> {
  return { spec, run: (req, rawParams) => runRoute(spec, handler, req, rawParams) };
}

type NextCtx = { params: Promise<Record<string, string | string[]>> };
export type NextHandler = (req: Request, ctx?: NextCtx) => Promise<Response>;

/**
 * The handlers a route file exports, for every method: a method the path does not serve answers 405 in
 * the API's own error shape (Next would answer an empty 405), with `Allow` naming the ones it does.
 */
export function methods(
  routes: Partial<Record<Method, DefinedRoute<RouteSpec>>>,
  errorShape: ErrorShape,
): Record<Method, NextHandler> {
  const allow = Object.keys(routes).join(", ");
  const out = {} as Record<Method, NextHandler>;
  for (const m of METHODS) {
    const r = routes[m];
    out[m] = r
      ? async (req, ctx) => r.run(req, (await ctx?.params) ?? {})
      : async (req) =>
          errorResponse(
            new AppError("method_not_allowed", `${req.method} is not allowed here; use ${allow}.`),
            errorShape,
            "method",
            { allow },
          );
  }
  return out;
}

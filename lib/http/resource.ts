import type { ProjectId } from "@/lib/auth/project-id";
import type { Actor, Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import {
  type DefinedRoute,
  type Method,
  methods,
  type NextHandler,
  type RouteContext,
  type RouteSpec,
} from "./define-route";
import type { ErrorShape } from "./shapes";

/**
 * One path of a public API with the routes its methods serve. The route file exports `handlers`; the
 * OpenAPI document is built from `path`, `tag` and each route's declared schemas.
 */
export interface DocumentedResource {
  /** OpenAPI form: `/platform/v1/inbox_embeds/{id}`. */
  path: string;
  tag: string;
  routes: Partial<Record<Method, DefinedRoute<RouteSpec>>>;
}

export interface Resource extends DocumentedResource {
  handlers: Record<Method, NextHandler>;
}

export function resource(
  path: string,
  tag: string,
  routes: Partial<Record<Method, DefinedRoute<RouteSpec>>>,
  errorShape: ErrorShape = "kapso",
): Resource {
  return { path, tag, routes, handlers: methods(routes, errorShape) };
}

/** What Platform handlers get from an API key: the project it opens and the key as actor. */
export interface PlatformContext {
  projectId: ProjectId;
  apiKeyId: string;
  /** What mutations take: the key's project and the key as actor. */
  scope: Scope;
  actor: Actor;
}

export function platformContext(ctx: RouteContext<unknown, unknown, unknown>): PlatformContext {
  if (!ctx.scope || ctx.actor?.kind !== "apiKey")
    throw new AppError("unauthenticated", "Missing API key: send it in the X-API-Key header.");
  return {
    projectId: ctx.scope.projectId,
    apiKeyId: ctx.actor.apiKeyId,
    scope: ctx.scope,
    actor: ctx.actor,
  };
}

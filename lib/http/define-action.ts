import type { z } from "zod";
import type { Role } from "@/generated/prisma/enums";
import type { ProjectContext, SessionUser } from "@/lib/auth/project-id";
import type { Actor, Scope } from "@/lib/auth/scope";
import { authorizeProject, requireUser } from "@/lib/auth/session";
import { AppError, parseOrThrow, toPublicError } from "@/lib/errors";
import type { ActionResult } from "./action";

export type { ActionResult };

export interface ProjectActionContext extends ProjectContext {
  scope: Scope;
  actor: Actor;
}

type Spec<S extends z.ZodType> = {
  /** For the server log when something unexpected fails. */
  name: string;
  input: S;
};

function projectIdOf(input: unknown): string {
  const id = (input as { projectId?: unknown } | null)?.projectId;
  if (typeof id !== "string" || id.length === 0 || id.length > 64)
    throw new AppError("validation", "projectId is required", { fields: { projectId: "Required" } });
  return id;
}

async function settle<T>(name: string, work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (e) {
    const err = toPublicError(e, `action ${name}`);
    return { ok: false, code: err.code, error: err.message, fields: err.fields, details: err.details };
  }
}

/**
 * A server action on a project: the input's `projectId` is checked against the caller's membership and
 * `minRole` before anything else, then the input is parsed with the declared schema, and every failure
 * becomes a result the form can show. Actions never call `authorizeProject` themselves.
 */
export function defineAction<S extends z.ZodType, T>(
  spec: Spec<S> & { minRole: Role },
  handler: (input: z.infer<S>, ctx: ProjectActionContext) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) =>
    settle(spec.name, async () => {
      const ctx = await authorizeProject({ id: projectIdOf(input) }, spec.minRole);
      const parsed = parseOrThrow(spec.input, input);
      return handler(parsed, {
        ...ctx,
        scope: { projectId: ctx.projectId },
        actor: { kind: "user", userId: ctx.user.id, role: ctx.role },
      });
    });
}

/** A server action for any signed-in user, outside a project (their profile, creating a project). */
export function defineUserAction<S extends z.ZodType, T>(
  spec: Spec<S> & {
    /** Also open to an account that must choose a new password first (the change-password form). */
    passwordChange?: boolean;
  },
  handler: (input: z.infer<S>, user: SessionUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) =>
    settle(spec.name, async () => {
      const user = await requireUser({ passwordChange: spec.passwordChange ?? false });
      return handler(parseOrThrow(spec.input, input), user);
    });
}

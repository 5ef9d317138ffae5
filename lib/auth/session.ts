import "@/lib/server-only";
import { cache } from "react";
import type { Role } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { auth } from "./auth";
import type { ProjectContext, ProjectId, SessionUser } from "./project-id";

export type { ProjectContext, ProjectId, SessionUser };

const RANK: Record<Role, number> = { MEMBER: 0, ADMIN: 1, OWNER: 2 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return RANK[role] >= RANK[min];
}

export type CurrentUser = SessionUser & { mustChangePassword: boolean };

/**
 * The signed-in user, checked against the database: auth() refuses a session that was ended (sign-out,
 * password change; see lib/auth/sessions.ts), and a deleted user's cookie stops working.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, mustChangePassword: true },
  });
});

export const PASSWORD_CHANGE_PATH = "/change-password";

/**
 * The signed-in user for actions and routes. An account that still has a published password (the demo
 * owner's) may do nothing but choose a new one.
 */
export async function requireUser(opts: { passwordChange?: boolean } = {}): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  if (user.mustChangePassword && !opts.passwordChange)
    throw new AppError("forbidden", `Choose a new password first (${PASSWORD_CHANGE_PATH}).`);
  return { id: user.id, email: user.email, name: user.name };
}

/**
 * Resolves a project the signed-in user belongs to, by slug or id, and checks the role.
 * Not a member → not_found (we do not confirm that another tenant's project exists).
 */
export const authorizeProject = cache(
  async (ref: { slug: string } | { id: string }, minRole: Role = "MEMBER"): Promise<ProjectContext> => {
    const user = await requireUser();
    const membership = await db().membership.findFirst({
      where: { userId: user.id, project: "slug" in ref ? { slug: ref.slug } : { id: ref.id } },
      select: { role: true, project: { select: { id: true, name: true, slug: true } } },
    });
    if (!membership) throw new AppError("not_found", "Project not found.");
    if (!roleAtLeast(membership.role, minRole)) {
      throw new AppError(
        "forbidden",
        `This needs the ${minRole.toLowerCase()} role or higher in this project.`,
      );
    }
    return {
      projectId: membership.project.id as ProjectId,
      project: membership.project,
      user,
      role: membership.role,
    };
  },
);

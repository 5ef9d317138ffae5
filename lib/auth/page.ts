import { forbidden, notFound, redirect } from "next/navigation";
import type { Role } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import {
  authorizeProject,
  currentUser,
  PASSWORD_CHANGE_PATH,
  type ProjectContext,
  type SessionUser,
} from "./session";

/** For pages: the signed-in user, or a redirect to the login page (or to choosing a new password). */
export async function pageUser(returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/login?callbackUrl=${encodeURIComponent(returnTo)}` : "/login");
  if (user.mustChangePassword) redirect(PASSWORD_CHANGE_PATH);
  return { id: user.id, email: user.email, name: user.name };
}

/** For pages: the project context, or the right redirect, 404 or 403 page. */
export async function pageProject(slug: string, minRole: Role = "MEMBER"): Promise<ProjectContext> {
  await pageUser(`/p/${slug}`);
  try {
    return await authorizeProject({ slug }, minRole);
  } catch (e) {
    if (e instanceof AppError && e.code === "forbidden") forbidden();
    if (e instanceof AppError && e.code === "not_found") notFound();
    if (e instanceof AppError && e.code === "unauthenticated") redirect("/login");
    throw e;
  }
}

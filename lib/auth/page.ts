import { forbidden, notFound, redirect } from "next/navigation";
import type { Role } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { authorizeProject, currentUser, type ProjectContext, type SessionUser } from "./session";

/** For pages: the signed-in user, or a redirect to the login page. */
export async function pageUser(returnTo?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(returnTo ? `/login?callbackUrl=${encodeURIComponent(returnTo)}` : "/login");
  return user;
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

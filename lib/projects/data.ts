import "@/lib/server-only";
import type { Role } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";

export interface ProjectSummary {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

/** The projects a user belongs to, for the switcher and the landing redirect. */
export async function listProjectsForUser(userId: string): Promise<ProjectSummary[]> {
  const rows = await db().membership.findMany({
    where: { userId },
    select: { role: true, project: { select: { id: true, name: true, slug: true } } },
    orderBy: { project: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.project, role: r.role }));
}

/** A project by its slug, for local tools (`npm run api-key`); never for requests from the network. */
export async function projectBySlug(slug: string): Promise<{ id: string; name: string } | null> {
  return db().project.findUnique({ where: { slug }, select: { id: true, name: true } });
}

import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { createSandboxNumber } from "@/lib/numbers/sandbox-mutations";
import { slugify } from "./slug";

/**
 * Creates a project with its creator as OWNER. Slug collisions get a short random suffix.
 * It has no scope yet (the project does not exist), so it takes the signed-in user's id.
 */
export async function createProject(userId: string, name: string): Promise<{ id: string; slug: string }> {
  const base = slugify(name);
  return db().$transaction(async (tx) => {
    const taken = await tx.project.findUnique({ where: { slug: base }, select: { id: true } });
    const slug = taken ? `${base.slice(0, 33)}-${randomBytes(3).toString("hex")}` : base;
    const project = await tx.project.create({ data: { name, slug }, select: { id: true, slug: true } });
    await tx.membership.create({ data: { projectId: project.id, userId, role: "OWNER" } });
    // Every project starts with a sandbox number, so the inbox and workflows can be tried at once.
    await createSandboxNumber(tx, project.id);
    await audit(tx, project.id as ProjectId, {
      actorUserId: userId,
      action: "project.created",
      targetType: "project",
      targetId: project.id,
    });
    return project;
  });
}

export async function renameProject(scope: Scope, actor: Actor, { name }: { name: string }): Promise<void> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    await tx.project.update({ where: { id: projectId }, data: { name } });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "project.renamed",
      targetType: "project",
      targetId: projectId,
      data: { name },
    });
  });
}

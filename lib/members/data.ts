import "@/lib/server-only";
import type { Role } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export interface MemberDto {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

export async function listMembers(projectId: ProjectId): Promise<MemberDto[]> {
  const rows = await db().membership.findMany({
    where: { projectId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ createdAt: "asc" }],
  });
  return rows.map((r) => ({
    userId: r.user.id,
    email: r.user.email,
    name: r.user.name,
    role: r.role,
    joinedAt: r.createdAt.toISOString(),
  }));
}

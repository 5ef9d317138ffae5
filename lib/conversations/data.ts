import type { ProjectId } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export async function countConversations(projectId: ProjectId): Promise<{ active: number; total: number }> {
  const [active, total] = await Promise.all([
    db().conversation.count({ where: { projectId, status: "ACTIVE" } }),
    db().conversation.count({ where: { projectId } }),
  ]);
  return { active, total };
}

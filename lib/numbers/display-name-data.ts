import "@/lib/server-only";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";

export async function listDisplayNameRequests(projectId: ProjectId, numberId: string) {
  return db().displayNameRequest.findMany({
    where: { projectId, phoneNumberId: numberId },
    orderBy: { submittedAt: "desc" },
    take: 100,
  });
}

export async function getDisplayNameRequest(projectId: ProjectId, id: string) {
  return db().displayNameRequest.findFirst({ where: { projectId, id } });
}

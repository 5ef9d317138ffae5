import "@/lib/server-only";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Assignment history in Kapso's shape, for the Platform API (/platform/v1/.../assignments).

const assignmentSelect = {
  id: true,
  userId: true,
  assignedById: true,
  note: true,
  active: true,
  createdAt: true,
  endedAt: true,
} as const;

type AssignmentRow = {
  id: string;
  userId: string;
  assignedById: string | null;
  note: string | null;
  active: boolean;
  createdAt: Date;
  endedAt: Date | null;
};

function assignmentRecord(a: AssignmentRow) {
  return {
    id: a.id,
    user_id: a.userId,
    created_by_user_id: a.assignedById,
    notes: a.note,
    active: a.active,
    created_at: a.createdAt.toISOString(),
    ended_at: a.endedAt?.toISOString() ?? null,
  };
}

async function conversationInProject(projectId: ProjectId, id: string) {
  const c = await db().conversation.findFirst({ where: { id, projectId }, select: { id: true } });
  if (!c) throw new AppError("not_found", `Conversation ${id} was not found`);
}

/** GET .../assignments: most recent first, page-numbered like Kapso. */
export async function listAssignments(projectId: ProjectId, conversationId: string, url: URL) {
  await conversationInProject(projectId, conversationId);
  const q = url.searchParams;
  const pageNo = Number(q.get("page") ?? 1);
  const perPage = Number(q.get("per_page") ?? 20);
  if (!Number.isInteger(pageNo) || pageNo < 1)
    throw new AppError("validation", "page must be a whole number from 1", { fields: { page: "≥ 1" } });
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
    throw new AppError("validation", "per_page must be from 1 to 100", { fields: { per_page: "1–100" } });
  const where = { projectId, conversationId };
  const [rows, total] = await Promise.all([
    db().conversationAssignment.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (pageNo - 1) * perPage,
      take: perPage,
      select: assignmentSelect,
    }),
    db().conversationAssignment.count({ where }),
  ]);
  return {
    data: rows.map(assignmentRecord),
    meta: { page: pageNo, per_page: perPage, total_pages: Math.ceil(total / perPage), total_count: total },
  };
}

export async function getAssignment(projectId: ProjectId, conversationId: string, id: string) {
  const a = await db().conversationAssignment.findFirst({
    where: { id, projectId, conversationId },
    select: assignmentSelect,
  });
  if (!a) throw new AppError("not_found", `Assignment ${id} was not found`);
  return { data: assignmentRecord(a) };
}

export async function activeAssignment(projectId: ProjectId, conversationId: string) {
  const a = await db().conversationAssignment.findFirst({
    where: { projectId, conversationId, active: true },
    select: assignmentSelect,
  });
  if (!a) throw new AppError("not_found", "No active assignment");
  return { data: assignmentRecord(a) };
}

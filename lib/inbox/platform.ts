import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError, parseOrThrow } from "@/lib/errors";
import {
  conversationRecord,
  conversationSelect,
  getConversation,
  keyset,
  limitOf,
} from "@/lib/proxy/history";
import { page } from "@/lib/proxy/paging";
import type { InboxAccess } from "./access";
import { assignConversation, setConversationStatus } from "./mutations";

// Kapso's Platform API for conversations, assignments and users (/platform/v1/...), over the same
// inbox rules the dashboard uses.

const apiAccess = (projectId: ProjectId, apiKeyId: string): InboxAccess => ({
  projectId,
  actor: { kind: "api", apiKeyId },
});

/** GET /platform/v1/whatsapp/conversations, across the project's numbers or one of them. */
export async function listProjectConversations(projectId: ProjectId, url: URL) {
  const q = url.searchParams;
  const limit = limitOf(q);
  const assigned = q.get("assigned_user_id");
  const unassigned = q.get("unassigned");
  if (unassigned !== null && unassigned !== "true" && unassigned !== "false")
    throw new AppError("validation", "unassigned must be true or false", {
      fields: { unassigned: "true|false" },
    });
  if (assigned && unassigned === "true")
    throw new AppError("validation", "Use either assigned_user_id or unassigned=true, not both", {
      fields: { unassigned: "Conflicts with assigned_user_id" },
    });
  const status = q.get("status");
  if (status && status !== "active" && status !== "ended")
    throw new AppError("validation", "status must be active or ended", {
      fields: { status: "active|ended" },
    });
  const metaNumber = q.get("phone_number_id");
  const number = metaNumber
    ? await db().phoneNumber.findFirst({
        where: { projectId, phoneNumberId: metaNumber },
        select: { id: true },
      })
    : null;
  if (metaNumber && !number)
    throw new AppError("not_found", `Phone number ${metaNumber} is not in this project`);
  const phone = q.get("phone_number")?.replace(/\D/g, "");
  const ks = keyset(q, "lastMessageAt");
  const rows = await db().conversation.findMany({
    where: {
      projectId,
      ...(number ? { phoneNumberId: number.id } : {}),
      ...(status ? { status: status === "active" ? ("ACTIVE" as const) : ("ENDED" as const) } : {}),
      ...(assigned ? { assigneeId: assigned } : {}),
      ...(unassigned === "true" ? { assigneeId: null } : {}),
      ...(phone ? { contact: { waId: phone } } : {}),
      ...ks.where,
    },
    orderBy: ks.asc ? [{ lastMessageAt: "asc" }, { id: "asc" }] : [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { ...conversationSelect, phoneNumber: { select: { phoneNumberId: true } } },
  });
  const p = page(rows, limit, (r) => ({ t: r.lastMessageAt.toISOString(), id: r.id }), url, ks.direction);
  return { ...p, data: p.data.map((c) => conversationRecord(c, c.phoneNumber.phoneNumberId)) };
}

const statusBody = z.object({
  whatsapp_conversation: z.object({
    status: z.enum(["active", "ended"], { message: "status must be active or ended" }),
  }),
});

/** PATCH /platform/v1/whatsapp/conversations/{id}: close or reopen. */
export async function patchConversation(projectId: ProjectId, apiKeyId: string, id: string, body: unknown) {
  const b = parseOrThrow(statusBody, body);
  await setConversationStatus(
    apiAccess(projectId, apiKeyId),
    id,
    b.whatsapp_conversation.status === "active" ? "ACTIVE" : "ENDED",
  );
  return getConversation(projectId, id);
}

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

const createBody = z.object({
  assignment: z.object({
    user_id: z.string({ message: "user_id is required" }).min(1, "user_id is required").max(64),
    notes: z.string().max(500).nullish(),
  }),
});

/** POST .../assignments: assigns (ending the previous active assignment). */
export async function createAssignment(
  projectId: ProjectId,
  apiKeyId: string,
  conversationId: string,
  body: unknown,
) {
  const b = parseOrThrow(createBody, body);
  const r = await assignConversation(apiAccess(projectId, apiKeyId), conversationId, {
    userId: b.assignment.user_id,
    note: b.assignment.notes ?? null,
  });
  const created = r.assignmentId
    ? await getAssignment(projectId, conversationId, r.assignmentId)
    : await activeAssignment(projectId, conversationId);
  return created;
}

async function activeAssignment(projectId: ProjectId, conversationId: string) {
  const a = await db().conversationAssignment.findFirst({
    where: { projectId, conversationId, active: true },
    select: assignmentSelect,
  });
  if (!a) throw new AppError("not_found", "No active assignment");
  return { data: assignmentRecord(a) };
}

const patchBody = z.object({
  assignment: z
    .object({
      user_id: z.string().min(1).max(64).optional(),
      notes: z.string().max(500).nullish(),
      active: z.boolean({ message: "active must be true or false" }).optional(),
    })
    .refine((a) => Object.keys(a).length > 0, "Send at least one of user_id, notes, active"),
});

/** PATCH .../assignments/{id}: `active: false` unassigns; a new user_id reassigns; notes edit the note. */
export async function patchAssignment(
  projectId: ProjectId,
  apiKeyId: string,
  conversationId: string,
  id: string,
  body: unknown,
) {
  const b = parseOrThrow(patchBody, body).assignment;
  const current = (await getAssignment(projectId, conversationId, id)).data;
  const access = apiAccess(projectId, apiKeyId);
  if (b.active === true && !current.active)
    throw new AppError("validation", "An ended assignment cannot be reactivated; create a new one", {
      fields: { active: "Create a new assignment instead" },
    });
  if (b.active === false) {
    if (current.active) await assignConversation(access, conversationId, { userId: null });
    return getAssignment(projectId, conversationId, id);
  }
  if (b.user_id && b.user_id !== current.user_id) {
    if (!current.active)
      throw new AppError("validation", "Only the active assignment can be reassigned", {
        fields: { user_id: "Assignment is not active" },
      });
    const r = await assignConversation(access, conversationId, { userId: b.user_id, note: b.notes ?? null });
    return getAssignment(projectId, conversationId, r.assignmentId ?? id);
  }
  if (b.notes !== undefined) {
    await db().conversationAssignment.updateMany({
      where: { id, projectId },
      data: { note: b.notes?.trim() || null },
    });
  }
  return getAssignment(projectId, conversationId, id);
}

/** GET /platform/v1/users: the project's team, for assignment pickers. */
export async function listUsers(projectId: ProjectId) {
  const rows = await db().membership.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return {
    data: rows.map((m) => ({
      id: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role.toLowerCase(),
      joined_at: m.createdAt.toISOString(),
    })),
  };
}

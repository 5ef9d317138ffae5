import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import type { Actor, InboxAccess, Scope } from "@/lib/auth/scope";
import { activeAssignment, getAssignment } from "@/lib/conversations/assignment-data";
import { getConversation, listConversations } from "@/lib/conversations/kapso-data";
import { assignConversation, setAssignmentNote, setConversationStatus } from "@/lib/conversations/mutations";
import { AppError, parseOrThrow } from "@/lib/errors";
import { listMembers } from "@/lib/members/data";
import { numberIdInProject } from "@/lib/numbers/data";

// Kapso's Platform API for conversations, assignments and users (/platform/v1/...), over the same
// inbox rules the dashboard uses.

const apiAccess = (projectId: ProjectId, apiKeyId: string): InboxAccess => ({
  projectId,
  actor: { kind: "apiKey", apiKeyId },
});

/** GET /platform/v1/whatsapp/conversations, across the project's numbers or one of them. */
export async function listProjectConversations(projectId: ProjectId, apiKeyId: string, url: URL) {
  const metaNumber = url.searchParams.get("phone_number_id");
  const numberId = metaNumber ? await numberIdInProject(projectId, metaNumber) : null;
  if (metaNumber && !numberId)
    throw new AppError("not_found", `Phone number ${metaNumber} is not in this project`);
  return listConversations(apiAccess(projectId, apiKeyId), url, { numberId: numberId ?? undefined });
}

const statusBody = z.object({
  whatsapp_conversation: z.object({
    status: z.enum(["active", "ended"], { message: "status must be active or ended" }),
  }),
});

/** PATCH /platform/v1/whatsapp/conversations/{id}: close or reopen. */
export async function patchConversation(
  scope: Scope,
  actor: Actor,
  { conversationId, body }: { conversationId: string; body: unknown },
) {
  const b = parseOrThrow(statusBody, body);
  await setConversationStatus(scope, actor, {
    conversationId,
    status: b.whatsapp_conversation.status === "active" ? "ACTIVE" : "ENDED",
  });
  return getConversation({ ...scope, actor }, conversationId);
}

const createBody = z.object({
  assignment: z.object({
    user_id: z.string({ message: "user_id is required" }).min(1, "user_id is required").max(64),
    notes: z.string().max(500).nullish(),
  }),
});

/** POST .../assignments: assigns (ending the previous active assignment). */
export async function createAssignment(
  scope: Scope,
  actor: Actor,
  { conversationId, body }: { conversationId: string; body: unknown },
) {
  const { projectId } = scope;
  const b = parseOrThrow(createBody, body);
  const r = await assignConversation(scope, actor, {
    conversationId,
    userId: b.assignment.user_id,
    note: b.assignment.notes ?? null,
  });
  const created = r.assignmentId
    ? await getAssignment(projectId, conversationId, r.assignmentId)
    : await activeAssignment(projectId, conversationId);
  return created;
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
  scope: Scope,
  actor: Actor,
  { conversationId, assignmentId: id, body }: { conversationId: string; assignmentId: string; body: unknown },
) {
  const { projectId } = scope;
  const b = parseOrThrow(patchBody, body).assignment;
  const current = (await getAssignment(projectId, conversationId, id)).data;
  if (b.active === true && !current.active)
    throw new AppError("validation", "An ended assignment cannot be reactivated; create a new one", {
      fields: { active: "Create a new assignment instead" },
    });
  if (b.active === false) {
    if (current.active) await assignConversation(scope, actor, { conversationId, userId: null });
    return getAssignment(projectId, conversationId, id);
  }
  if (b.user_id && b.user_id !== current.user_id) {
    if (!current.active)
      throw new AppError("validation", "Only the active assignment can be reassigned", {
        fields: { user_id: "Assignment is not active" },
      });
    const r = await assignConversation(scope, actor, {
      conversationId,
      userId: b.user_id,
      note: b.notes ?? null,
    });
    return getAssignment(projectId, conversationId, r.assignmentId ?? id);
  }
  if (b.notes !== undefined)
    await setAssignmentNote(scope, actor, { assignmentId: id, note: b.notes ?? null });
  return getAssignment(projectId, conversationId, id);
}

/** GET /platform/v1/whatsapp/conversations/{id}. */
export function getPlatformConversation(projectId: ProjectId, apiKeyId: string, id: string) {
  return getConversation(apiAccess(projectId, apiKeyId), id);
}

/** GET /platform/v1/users: the project's team, for assignment pickers. */
export async function listUsers(projectId: ProjectId) {
  const members = await listMembers(projectId);
  return {
    data: members.map((m) => ({
      id: m.userId,
      name: m.name,
      email: m.email,
      role: m.role.toLowerCase(),
      joined_at: m.joinedAt,
    })),
  };
}

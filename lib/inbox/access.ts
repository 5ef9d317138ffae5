import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";

/**
 * Who is using the inbox and what they may see. Every inbox read and write takes one of these, built by
 * the auth layer (a session membership or an embed token), never from client input.
 * `numberIds` limits the conversations to those numbers (an embed scoped to a number or a customer);
 * `assigneeId` limits them to one operator's assignments (an embed bound to a user).
 */
export interface InboxAccess {
  projectId: ProjectId;
  actor:
    | { kind: "user"; userId: string }
    | { kind: "embed"; embedId: string }
    | { kind: "api"; apiKeyId: string };
  numberIds?: string[];
  assigneeId?: string;
}

/** The conversation filter every inbox query starts from. */
export function conversationScope(access: InboxAccess): Prisma.ConversationWhereInput {
  return {
    projectId: access.projectId,
    ...(access.numberIds ? { phoneNumberId: { in: access.numberIds } } : {}),
    ...(access.assigneeId ? { assigneeId: access.assigneeId } : {}),
  };
}

/** The user id to record as the actor, or null for an embed. */
export function actorUserId(access: InboxAccess): string | null {
  return access.actor.kind === "user" ? access.actor.userId : null;
}

/** The actor columns of an audit entry for this access. */
export function auditActor(access: InboxAccess): { actorUserId?: string; actorApiKeyId?: string } {
  if (access.actor.kind === "user") return { actorUserId: access.actor.userId };
  if (access.actor.kind === "api") return { actorApiKeyId: access.actor.apiKeyId };
  return {};
}

/** Who will read a payload: what decides how team members are named in it. */
export type Audience = Pick<InboxAccess, "actor">;
/** Operators in the project room (they may see emails). */
export const teamAudience: Audience = { actor: { kind: "user", userId: "" } };
/** Embeds in number rooms (people outside the team: never emails). */
export const embedAudience: Audience = { actor: { kind: "embed", embedId: "" } };

/**
 * How a team member is named to this caller: embeds (people outside the team) never see emails, so a
 * member without a name shows as "Team member" there.
 */
export function personName(access: Audience, u: { name: string | null; email: string }): string {
  return u.name ?? (access.actor.kind === "embed" ? "Team member" : u.email);
}

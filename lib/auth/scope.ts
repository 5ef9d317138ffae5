import type { Prisma } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import type { ProjectId } from "./project-id";

/**
 * What a caller may see: the tenant, optionally narrowed to some numbers (an embed scoped to a number or a
 * customer) or to one operator's assignments (an embed bound to a user). Minted only by the auth layer
 * (lib/http/define-route.ts, lib/http/define-action.ts) from a session, an API key or an embed token.
 */
export interface Scope {
  readonly projectId: ProjectId;
  readonly numberIds?: string[];
  readonly assigneeId?: string;
}

/** Who is acting, for audit rows and event payloads. */
export type Actor =
  | { kind: "user"; userId: string; role: Role }
  | { kind: "apiKey"; apiKeyId: string }
  | { kind: "embed"; embedId: string }
  | { kind: "workflow"; executionId: string }
  | { kind: "system" };

/** The audit columns for an actor (embeds, workflows and the system leave both empty). */
export function actorColumns(actor: Actor): { actorUserId?: string; actorApiKeyId?: string } {
  if (actor.kind === "user") return { actorUserId: actor.userId };
  if (actor.kind === "apiKey") return { actorApiKeyId: actor.apiKeyId };
  return {};
}

/**
 * Who is using the inbox and what they may see: a scope with its actor, as the auth layer mints them (a
 * session membership, an API key or an embed token), never from client input. Inbox reads take one.
 */
export type InboxAccess = Scope & { actor: Actor };

/** The conversation filter every inbox query starts from. */
export function conversationScope(scope: Scope): Prisma.ConversationWhereInput {
  return {
    projectId: scope.projectId,
    ...(scope.numberIds ? { phoneNumberId: { in: scope.numberIds } } : {}),
    ...(scope.assigneeId ? { assigneeId: scope.assigneeId } : {}),
  };
}

/** The user id to record as the actor, or null for anyone else (an embed, an API key). */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

/** Who will read a payload: what decides how team members are named in it. */
export type Audience = { actor: { kind: Actor["kind"] } };
/** Operators in the project room (they may see emails). */
export const teamAudience: Audience = { actor: { kind: "user" } };
/** Embeds in number rooms (people outside the team: never emails). */
export const embedAudience: Audience = { actor: { kind: "embed" } };

/**
 * How a team member is named to this caller: embeds (people outside the team) never see emails, so a
 * member without a name shows as "Team member" there.
 */
export function personName(access: Audience, u: { name: string | null; email: string }): string {
  return u.name ?? (access.actor.kind === "embed" ? "Team member" : u.email);
}

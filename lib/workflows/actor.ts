import type { ProjectId } from "@/lib/auth/project-id";

/**
 * Who makes a change: a signed-in user (server actions, after the role check) or an API key (the
 * Platform API). The project id is the authorized one; it scopes every query and lands in the audit log.
 */
export interface Actor {
  projectId: ProjectId;
  userId?: string;
  apiKeyId?: string;
}

export const auditActor = (a: Actor) => ({ actorUserId: a.userId, actorApiKeyId: a.apiKeyId });

/** Prisma's unique-violation code; the database's unique indexes are what make the rules race-proof. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

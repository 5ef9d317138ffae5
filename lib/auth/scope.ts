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

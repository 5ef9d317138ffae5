import type { Actor } from "@/lib/auth/scope";

// Workflow writes take (scope, actor) from the auth layer (lib/auth/scope.ts); audit rows use actorColumns.

/** The user recorded as a row's author (createdById / updatedById): none for API keys and the system. */
export const actingUserId = (a: Actor): string | null => (a.kind === "user" ? a.userId : null);

/** Prisma's unique-violation code; the database's unique indexes are what make the rules race-proof. */
export const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

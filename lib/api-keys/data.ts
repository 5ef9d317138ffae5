import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";

export interface ApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export async function listApiKeys(projectId: ProjectId): Promise<ApiKeyDto[]> {
  const rows = await db().apiKey.findMany({
    where: { projectId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, lastUsedAt: true, createdAt: true, revokedAt: true },
  });
  return rows.map((r) => ({
    ...r,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

// Verification lives in lib/auth (the HTTP layer mints scopes from it); re-exported for callers here.
export { apiKeyOf, projectForApiKey } from "@/lib/auth/credentials";

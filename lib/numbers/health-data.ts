import "@/lib/server-only";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import type { HealthChecks, HealthReport, HealthStatus } from "./health";

/** The latest health check of each of the project's numbers. */
export async function latestHealth(projectId: ProjectId): Promise<Record<string, HealthReport>> {
  const rows = await db().numberHealthCheck.findMany({
    where: { projectId },
    orderBy: { checkedAt: "desc" },
    distinct: ["phoneNumberId"],
    select: { phoneNumberId: true, status: true, checks: true, checkedAt: true },
  });
  return Object.fromEntries(
    rows.map((r) => [
      r.phoneNumberId,
      {
        status: r.status as HealthStatus,
        checked_at: r.checkedAt.toISOString(),
        checks: r.checks as HealthChecks,
      },
    ]),
  );
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { graph } from "@/lib/meta/client";
import { projectNumber } from "@/lib/numbers/credentials";

interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  category?: string;
  status?: string;
  rejected_reason?: string;
  quality_score?: { score?: string };
  components?: unknown[];
}

/**
 * Copies each of the project's WhatsApp Business Accounts' templates, as Graph (or the simulator) has
 * them, into MessageTemplate. Status webhooks keep rows current afterwards; this fills in what no
 * webhook announced (templates created elsewhere, the sandbox's starter templates) and their content.
 * One account failing does not stop the others, but then it throws (after storing the others) so the
 * job is retried; returns how many templates were stored.
 */
export async function syncTemplates(projectId: ProjectId): Promise<number> {
  const numbers = await db().phoneNumber.findMany({
    where: { projectId, healthy: true },
    distinct: ["wabaId"],
    select: { id: true, wabaId: true },
  });
  let stored = 0;
  const failed: string[] = [];
  for (const n of numbers) {
    const number = await projectNumber(projectId, n.id);
    if (!number) continue;
    try {
      const r = await graph<{ data?: GraphTemplate[] }>(number, "GET", `${n.wabaId}/message_templates`, {
        query: { limit: "200" },
        attempts: 1,
      });
      for (const t of r.data ?? []) {
        const data = {
          name: t.name,
          language: t.language,
          category: t.category ?? "UTILITY",
          status: t.status ?? "PENDING",
          rejectedReason: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
          qualityScore: t.quality_score?.score ?? null,
          components: (t.components ?? []) as Prisma.InputJsonArray,
        };
        const metaTemplateId = String(t.id);
        await db().$transaction(async (tx) => {
          const before = await tx.messageTemplate.findUnique({
            where: { projectId_metaTemplateId: { projectId, metaTemplateId } },
            select: { status: true },
          });
          await tx.messageTemplate.upsert({
            where: { projectId_metaTemplateId: { projectId, metaTemplateId } },
            update: data,
            create: { projectId, wabaId: n.wabaId, metaTemplateId, ...data },
          });
          // Open inboxes and builders refresh their template lists from this event.
          if (before?.status !== data.status)
            await emit(tx, projectId, "whatsapp.template.updated", {
              templateId: metaTemplateId,
              field: "sync",
              status: data.status,
            });
        });
        stored++;
      }
    } catch (e) {
      console.warn(`[templates] sync for WABA ${n.wabaId} failed: ${(e as Error).message}`);
      failed.push(n.wabaId);
    }
  }
  // The others are stored; failing the job makes the runtime retry (with backoff) the ones that failed.
  if (failed.length > 0) throw new Error(`template sync failed for WABA ${failed.join(", ")}`);
  return stored;
}

/** Projects with at least one healthy number (the scheduled sync's list). */
export async function projectsWithNumbers(): Promise<string[]> {
  const rows = await db().phoneNumber.findMany({
    where: { healthy: true },
    distinct: ["projectId"],
    select: { projectId: true },
  });
  return rows.map((r) => r.projectId);
}

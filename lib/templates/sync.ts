import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { graph } from "@/lib/meta/client";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";

interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  category?: string;
  status?: string;
  rejected_reason?: string;
  quality_score?: { score?: string };
  parameter_format?: string;
  components?: unknown[];
}

interface GraphPage {
  data?: GraphTemplate[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Every template of an account, page by page (Graph answers at most 100 a page). */
async function* allTemplates(number: NumberWithSecrets, wabaId: string): AsyncGenerator<GraphTemplate[]> {
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const r = await graph<GraphPage>(number, "GET", `${wabaId}/message_templates`, {
      query: { limit: "100", ...(after ? { after } : {}) },
      attempts: 2,
      guarded: true,
    });
    yield r.data ?? [];
    after = r.paging?.next ? r.paging.cursors?.after : undefined;
    if (!after || (r.data ?? []).length === 0) return;
  }
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
      const seen: string[] = [];
      for await (const page of allTemplates(number, n.wabaId)) {
        stored += await storePage(projectId, n.wabaId, page);
        seen.push(...page.map((t) => String(t.id)));
      }
      // Templates deleted at Meta (WhatsApp Manager, another tool) leave the list too.
      await db().$transaction(async (tx) => {
        const gone = await tx.messageTemplate.findMany({
          where: { projectId, wabaId: n.wabaId, metaTemplateId: { notIn: seen } },
          select: { metaTemplateId: true },
        });
        if (gone.length === 0) return;
        await tx.messageTemplate.deleteMany({
          where: { projectId, wabaId: n.wabaId, metaTemplateId: { in: gone.map((g) => g.metaTemplateId) } },
        });
        for (const g of gone)
          await emit(tx, projectId, "whatsapp.template.updated", {
            templateId: g.metaTemplateId,
            field: "sync",
            status: "DELETED",
          });
      });
    } catch (e) {
      console.warn(`[templates] sync for WABA ${n.wabaId} failed: ${(e as Error).message}`);
      failed.push(n.wabaId);
    }
  }
  // The others are stored; failing the job makes the runtime retry (with backoff) the ones that failed.
  if (failed.length > 0) throw new Error(`template sync failed for WABA ${failed.join(", ")}`);
  return stored;
}

/** One Graph page in one transaction: upserts, and an event for each template whose status changed. */
/** JSON with sorted keys: jsonb does not keep key order, so the stored and fetched forms compare equal. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

async function storePage(projectId: ProjectId, wabaId: string, page: GraphTemplate[]): Promise<number> {
  if (page.length === 0) return 0;
  return db().$transaction(async (tx) => {
    const existing = new Map(
      (
        await tx.messageTemplate.findMany({
          where: { projectId, metaTemplateId: { in: page.map((t) => String(t.id)) } },
          select: {
            metaTemplateId: true,
            name: true,
            language: true,
            category: true,
            status: true,
            rejectedReason: true,
            qualityScore: true,
            parameterFormat: true,
            components: true,
          },
        })
      ).map((r) => [r.metaTemplateId, r]),
    );
    const created: Prisma.MessageTemplateCreateManyInput[] = [];
    for (const t of page) {
      const data = {
        name: t.name,
        language: t.language,
        category: t.category ?? "UTILITY",
        status: t.status ?? "PENDING",
        rejectedReason: t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
        qualityScore: t.quality_score?.score ?? null,
        parameterFormat: t.parameter_format ?? null,
        components: (t.components ?? []) as Prisma.InputJsonArray,
      };
      const metaTemplateId = String(t.id);
      const before = existing.get(metaTemplateId);
      if (!before) created.push({ projectId, wabaId, metaTemplateId, ...data });
      else if (
        // Unchanged templates (most of them, on every scheduled sync) cost no write.
        before.name !== data.name ||
        before.language !== data.language ||
        before.category !== data.category ||
        before.status !== data.status ||
        before.rejectedReason !== data.rejectedReason ||
        before.qualityScore !== data.qualityScore ||
        before.parameterFormat !== data.parameterFormat ||
        stable(before.components) !== stable(data.components)
      )
        await tx.messageTemplate.update({
          where: { projectId_metaTemplateId: { projectId, metaTemplateId } },
          data,
        });
      // Open inboxes, builders and the templates page refresh from this event.
      if (before?.status !== data.status)
        await emit(tx, projectId, "whatsapp.template.updated", {
          templateId: metaTemplateId,
          field: "sync",
          status: data.status,
        });
    }
    if (created.length > 0) await tx.messageTemplate.createMany({ data: created, skipDuplicates: true });
    return page.length;
  });
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

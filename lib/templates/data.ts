import "@/lib/server-only";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { syncTemplates } from "./sync";

export interface TemplateSummary {
  id: string;
  name: string;
  language: string;
  category: string;
  parameterFormat: string | null;
  components: Record<string, unknown>[];
}

// WABAs whose templates this process has filled once. A WABA the database knows no template of (a
// live number never synced yet) is read from Graph once; after that only the database answers, kept
// current by template webhooks and the sync.
const filled = new Set<string>();

/** A WhatsApp Business Account's approved templates, from the database (never Graph on a refetch). */
export async function listApprovedTemplates(
  projectId: ProjectId,
  wabaId: string,
): Promise<TemplateSummary[]> {
  const read = () =>
    db().messageTemplate.findMany({
      where: { projectId, wabaId, status: "APPROVED" },
      orderBy: [{ name: "asc" }, { language: "asc" }],
      select: {
        metaTemplateId: true,
        name: true,
        language: true,
        category: true,
        parameterFormat: true,
        components: true,
      },
    });
  let rows = await read();
  if (rows.length === 0 && !filled.has(`${projectId}:${wabaId}`)) {
    filled.add(`${projectId}:${wabaId}`);
    const known = await db().messageTemplate.count({ where: { projectId, wabaId } });
    if (known === 0) {
      await Promise.race([syncTemplates(projectId), new Promise((r) => setTimeout(r, 3000))]);
      rows = await read();
    }
  }
  return rows.map((t) => ({
    id: t.metaTemplateId,
    name: t.name,
    language: t.language,
    category: t.category,
    parameterFormat: t.parameterFormat,
    components: Array.isArray(t.components) ? (t.components as Record<string, unknown>[]) : [],
  }));
}

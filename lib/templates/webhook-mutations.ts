import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";

// Meta's template webhooks (status, quality, category), routed here by the webhook door: they keep
// MessageTemplate current, which the inbox's template picker reads.

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Template status, quality and category updates keep the project's template list current. */
export async function applyTemplateUpdate(
  projectId: ProjectId,
  wabaId: string,
  field: string,
  value: Record<string, unknown>,
): Promise<void> {
  const metaTemplateId = str(value.message_template_id);
  if (!metaTemplateId) return;
  const data: Prisma.MessageTemplateUpdateInput = {};
  if (field === "message_template_status_update") {
    data.status = str(value.event) ?? "PENDING";
    const info = value.rejection_info as { reason?: unknown; recommendation?: unknown } | undefined;
    const reason = str(info?.reason) ?? str(value.reason);
    data.rejectedReason = data.status === "REJECTED" && reason && reason !== "NONE" ? reason : null;
    if (value.message_template_category) data.category = str(value.message_template_category);
  } else if (field === "message_template_quality_update") {
    data.qualityScore = str(value.new_quality_score);
  } else if (field === "template_category_update") {
    data.category = str(value.new_category) ?? str(value.correct_category);
  }
  await db().$transaction(async (tx) => {
    await tx.messageTemplate.upsert({
      where: { projectId_metaTemplateId: { projectId, metaTemplateId } },
      update: data,
      create: {
        projectId,
        wabaId,
        metaTemplateId,
        name: str(value.message_template_name) ?? metaTemplateId,
        language: str(value.message_template_language) ?? "en_US",
        category: str(value.message_template_category) ?? (data.category as string | undefined) ?? "UTILITY",
        status: (data.status as string | undefined) ?? "PENDING",
        rejectedReason: (data.rejectedReason as string | null | undefined) ?? null,
        qualityScore: (data.qualityScore as string | undefined) ?? null,
      },
    });
    await emit(tx, projectId, "whatsapp.template.updated", { templateId: metaTemplateId, field });
  });
}

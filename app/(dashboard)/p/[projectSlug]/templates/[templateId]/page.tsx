import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { TemplateEditor } from "@/components/templates/template-editor";
import { pageProject } from "@/lib/auth/page";
import { fromTemplate } from "@/lib/templates/editor-state";
import { templateRow } from "@/lib/templates/list-data";

export const metadata: Metadata = { title: "Edit template" };

export default async function EditTemplatePage({
  params,
}: {
  params: Promise<{ projectSlug: string; templateId: string }>;
}) {
  const { projectSlug, templateId } = await params;
  const ctx = await pageProject(projectSlug, "ADMIN");
  const t = await templateRow(ctx.projectId, templateId);
  if (!t) notFound();
  return (
    <>
      <PageHeader
        title={`Edit ${t.name} (${t.language})`}
        description={
          ["APPROVED", "REJECTED", "PAUSED"].includes(t.status)
            ? "Meta reviews the changes again. An approved template keeps its name, language and category, and can be edited once a day (10 times in 30 days)."
            : `A ${t.status.toLowerCase()} template cannot be edited until Meta has reviewed it.`
        }
      />
      <PageBody>
        <TemplateEditor
          projectId={ctx.projectId}
          slug={ctx.project.slug}
          wabaId={t.wabaId}
          initial={fromTemplate(t)}
          editing={{ id: t.id, status: t.status }}
        />
      </PageBody>
    </>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { TemplateEditor } from "@/components/templates/template-editor";
import { pageProject } from "@/lib/auth/page";
import { emptyState, fromTemplate } from "@/lib/templates/editor-state";
import { projectWabas, templateRow } from "@/lib/templates/list-data";

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string }>;
  searchParams: Promise<{ waba?: string; from?: string }>;
}) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const q = await searchParams;
  const from = typeof q.from === "string" ? await templateRow(ctx.projectId, q.from) : null;
  const wabas = await projectWabas(ctx.projectId);
  const waba = wabas.find((w) => w.wabaId === (from?.wabaId ?? q.waba)) ?? wabas[0];
  if (!waba) notFound();
  // A duplicate starts from the original's content under a new name.
  const initial = from ? { ...fromTemplate(from), name: `${from.name}_copy`.slice(0, 512) } : emptyState();
  return (
    <>
      <PageHeader
        title={from ? `Duplicate ${from.name}` : "New template"}
        description={`For ${waba.label}. Meta reviews it before it can be sent.`}
      />
      <PageBody>
        <TemplateEditor
          projectId={ctx.projectId}
          slug={ctx.project.slug}
          wabaId={waba.wabaId}
          initial={initial}
        />
      </PageBody>
    </>
  );
}

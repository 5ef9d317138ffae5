import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BuilderView } from "@/components/builder/builder-view";
import { pageProject } from "@/lib/auth/page";
import { roleAtLeast } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { loadBuilderData } from "@/lib/workflows/builder-data";
import { getWorkflow } from "@/lib/workflows/data";

export const metadata: Metadata = { title: "Workflow" };

export default async function WorkflowBuilderPage({
  params,
}: {
  params: Promise<{ projectSlug: string; workflowId: string }>;
}) {
  const { projectSlug, workflowId } = await params;
  const ctx = await pageProject(projectSlug);
  const [workflow, data] = await Promise.all([
    getWorkflow(ctx.projectId, workflowId).catch((e) => {
      if (e instanceof AppError && e.code === "not_found") notFound();
      throw e;
    }),
    loadBuilderData(ctx.projectId, workflowId),
  ]);
  return (
    <BuilderView
      projectId={ctx.projectId}
      projectSlug={ctx.project.slug}
      workflow={workflow}
      data={data}
      canEdit={roleAtLeast(ctx.role, "ADMIN")}
    />
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BuilderView } from "@/components/builder/builder-view";
import type { RunView } from "@/components/builder/run-panel";
import { pageProject } from "@/lib/auth/page";
import type { ProjectId } from "@/lib/auth/project-id";
import { roleAtLeast } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { loadBuilderData } from "@/lib/workflows/builder-data";
import { getWorkflow } from "@/lib/workflows/data";
import { executionDetail } from "@/lib/workflows/engine/execution-data";

const STEP_WORDS: Record<string, string> = {
  step_completed: "done",
  step_failed: "failed",
  execution_waiting: "waiting",
  user_input_received: "answer received",
  execution_handoff: "handed off",
};

/** An execution of this workflow as the canvas draws it; an unknown id draws nothing. */
async function runView(
  projectId: ProjectId,
  workflowId: string,
  executionId: string,
): Promise<RunView | undefined> {
  const d = await executionDetail(projectId, executionId).catch(() => null);
  if (!d || d.execution.workflow_id !== workflowId) return undefined;
  const steps = d.events
    .filter((e) => e.step_id && STEP_WORDS[e.event_type] && e.event_type !== "user_input_received")
    .map((e) => ({
      kind: "step" as const,
      key: `e${e.id}`,
      at: e.created_at,
      nodeId: e.step_id as string,
      what: STEP_WORDS[e.event_type] as string,
    }));
  const messages = d.transcript.map((m) => ({
    kind: "message" as const,
    key: m.id,
    at: m.at,
    direction: m.direction,
    text: m.text,
  }));
  return {
    id: d.execution.id,
    status: d.execution.status,
    startedAt: d.execution.started_at,
    currentStep: d.execution.current_step?.id ?? null,
    path: d.path,
    timeline: [...steps, ...messages].sort((a, b) => a.at.localeCompare(b.at)),
  };
}

export const metadata: Metadata = { title: "Workflow" };

export default async function WorkflowBuilderPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string; workflowId: string }>;
  searchParams: Promise<{ execution?: string }>;
}) {
  const { projectSlug, workflowId } = await params;
  const executionId = (await searchParams).execution;
  const ctx = await pageProject(projectSlug);
  const [workflow, data] = await Promise.all([
    getWorkflow(ctx.projectId, workflowId).catch((e) => {
      if (e instanceof AppError && e.code === "not_found") notFound();
      throw e;
    }),
    loadBuilderData(ctx.projectId, workflowId),
  ]);
  const run = executionId ? await runView(ctx.projectId, workflowId, executionId) : undefined;
  return (
    <BuilderView
      projectId={ctx.projectId}
      projectSlug={ctx.project.slug}
      workflow={workflow}
      data={data}
      canEdit={roleAtLeast(ctx.role, "ADMIN")}
      run={run}
    />
  );
}

import type { Metadata } from "next";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { type StatusFilter, WorkflowsView } from "@/components/workflows/workflows-view";
import { pageProject } from "@/lib/auth/page";
import { roleAtLeast } from "@/lib/auth/session";
import { listWorkflows } from "@/lib/workflows/data";
import { WORKFLOW_STATUSES } from "@/lib/workflows/schema";

export const metadata: Metadata = { title: "Workflows" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function WorkflowsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await pageProject((await params).projectSlug);
  const sp = await searchParams;
  // A hand-edited URL with an unknown status falls back to the default view rather than an error page.
  const search = (first(sp.q) ?? "").trim().slice(0, 100);
  const rawStatus = first(sp.status);
  const status: StatusFilter =
    rawStatus === "ALL" || (WORKFLOW_STATUSES as readonly string[]).includes(rawStatus ?? "")
      ? (rawStatus as StatusFilter)
      : "CURRENT";
  const { items } = await listWorkflows(ctx.projectId, {
    search: search || undefined,
    status: status === "CURRENT" ? undefined : status,
  });
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Automations that answer customers: triggered by a message, a WhatsApp event or an API call."
      />
      <PageBody>
        <WorkflowsView
          projectId={ctx.projectId}
          projectSlug={ctx.project.slug}
          workflows={items}
          search={search}
          status={status}
          canEdit={roleAtLeast(ctx.role, "ADMIN")}
        />
      </PageBody>
    </>
  );
}

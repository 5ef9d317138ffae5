import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { EnvVariablesPanel } from "@/components/workflows/env-variables-panel";
import { pageProject } from "@/lib/auth/page";
import { roleAtLeast } from "@/lib/auth/session";
import { makeQueryClient } from "@/lib/query-client";
import { listEnvVariables } from "@/lib/workflows/env-variables";
import { workflowKeys } from "@/lib/workflows/query-keys";

export const metadata: Metadata = { title: "Environment variables" };

export default async function WorkflowVariablesPage({
  params,
}: {
  params: Promise<{ projectSlug: string }>;
}) {
  const ctx = await pageProject((await params).projectSlug);
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: workflowKeys.env(ctx.projectId, null),
    queryFn: () => listEnvVariables(ctx.projectId),
  });
  return (
    <>
      <PageHeader
        title="Environment variables"
        description="Project-level values for ${ENV:KEY} in workflow steps, one for development and one for production."
        actions={
          <Button variant="outline" asChild>
            <Link href={`/p/${ctx.project.slug}/workflows`}>
              <ArrowLeft className="size-4" /> Workflows
            </Link>
          </Button>
        }
      />
      <PageBody>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <EnvVariablesPanel
            projectId={ctx.projectId}
            workflowId={null}
            canEdit={roleAtLeast(ctx.role, "ADMIN")}
          />
        </HydrationBoundary>
      </PageBody>
    </>
  );
}

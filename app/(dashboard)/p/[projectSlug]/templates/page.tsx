import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { SyncButton, TemplatesView } from "@/components/templates/templates-view";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { pageProject } from "@/lib/auth/page";
import { listTemplateRows, projectWabas } from "@/lib/templates/list-data";
import { templateFiltersSchema } from "@/lib/templates/schema";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await pageProject((await params).projectSlug);
  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const filters = templateFiltersSchema.parse(raw);
  const wabas = await projectWabas(ctx.projectId);
  const waba = wabas.find((w) => w.wabaId === filters.waba) ?? wabas[0];
  const isAdmin = ctx.role !== "MEMBER";
  const list = waba ? await listTemplateRows(ctx.projectId, { ...filters, wabaId: waba.wabaId }) : null;
  return (
    <>
      <PageHeader
        title="Templates"
        description="Approved messages that reach customers outside the 24-hour window."
        actions={
          isAdmin && waba ? (
            <>
              <SyncButton projectId={ctx.projectId} />
              <Button asChild>
                <Link href={`/p/${ctx.project.slug}/templates/new?waba=${waba.wabaId}`}>
                  <Plus className="size-4" />
                  New template
                </Link>
              </Button>
            </>
          ) : undefined
        }
      />
      <PageBody>
        {waba && list ? (
          <TemplatesView
            projectId={ctx.projectId}
            slug={ctx.project.slug}
            isAdmin={isAdmin}
            wabas={wabas}
            wabaId={waba.wabaId}
            rows={list.rows}
            languages={list.languages}
            filtered={
              !!(filters.q || filters.status || filters.category || filters.language || filters.quality)
            }
          />
        ) : (
          <EmptyState
            title="No numbers yet"
            description="Templates belong to a WhatsApp Business Account: add a number first."
          />
        )}
      </PageBody>
    </>
  );
}

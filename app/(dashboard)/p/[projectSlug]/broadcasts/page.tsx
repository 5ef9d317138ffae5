import type { Metadata } from "next";
import { BroadcastsList, NewBroadcastButton } from "@/components/broadcasts/broadcasts-list";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";
import { broadcastOptions, listBroadcasts } from "@/lib/broadcasts/data";

export const metadata: Metadata = { title: "Broadcasts" };

export default async function BroadcastsPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const [{ items }, options] = await Promise.all([
    listBroadcasts(ctx.projectId, { perPage: 100 }),
    broadcastOptions(ctx.projectId),
  ]);
  return (
    <>
      <PageHeader
        title="Broadcasts"
        description="One approved template to many people, at your number's pace, with every delivery followed."
        actions={
          items.length && options.numbers.length ? (
            <NewBroadcastButton projectId={ctx.projectId} projectSlug={ctx.project.slug} options={options} />
          ) : undefined
        }
      />
      <PageBody>
        <BroadcastsList
          projectId={ctx.projectId}
          projectSlug={ctx.project.slug}
          options={options}
          broadcasts={items.map((b) => ({
            id: b.id,
            name: b.name,
            status: b.status,
            displayPhoneNumber: b.displayPhoneNumber,
            templateName: b.templateName,
            total: b.metrics.total,
            sent: b.metrics.sent,
            failed: b.metrics.failed,
            createdAt: b.createdAt.toISOString(),
          }))}
        />
      </PageBody>
    </>
  );
}

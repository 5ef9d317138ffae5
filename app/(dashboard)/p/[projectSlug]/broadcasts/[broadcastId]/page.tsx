import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BroadcastView } from "@/components/broadcasts/broadcast-view";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";
import {
  broadcastTemplateComponents,
  broadcastTimeline,
  failureReasons,
  getBroadcast,
} from "@/lib/broadcasts/data";
import { templateNeeds } from "@/lib/broadcasts/recipients";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Broadcast" };

export default async function BroadcastPage({
  params,
}: {
  params: Promise<{ projectSlug: string; broadcastId: string }>;
}) {
  const { projectSlug, broadcastId } = await params;
  const ctx = await pageProject(projectSlug, "ADMIN");
  const id = broadcastId.slice(0, 64);
  const broadcast = await getBroadcast(ctx.projectId, id).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const [reasons, timeline, template] = await Promise.all([
    failureReasons(ctx.projectId, id),
    broadcastTimeline(ctx.projectId, id),
    broadcastTemplateComponents(ctx.projectId, broadcast.templateId),
  ]);
  // Serialized as the progress route answers (dates as ISO strings).
  const initial = JSON.parse(JSON.stringify({ broadcast, reasons, timeline }));
  return (
    <>
      <PageHeader title={broadcast.name} description="Broadcast" />
      <PageBody>
        <nav className="mb-4 text-sm">
          <Link href={`/p/${ctx.project.slug}/broadcasts`} className="text-muted-foreground hover:underline">
            ← All broadcasts
          </Link>
        </nav>
        <BroadcastView projectId={ctx.projectId} initial={initial} needs={templateNeeds(template)} />
      </PageBody>
    </>
  );
}

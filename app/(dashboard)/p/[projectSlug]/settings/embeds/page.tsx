import type { Metadata } from "next";
import { EmbedsView } from "@/components/settings/embeds-view";
import { pageProject } from "@/lib/auth/page";
import { listEmbedScopeOptions, listEmbeds } from "@/lib/embeds/data";

export const metadata: Metadata = { title: "Inbox embeds" };

export default async function EmbedsPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const [embeds, scopes] = await Promise.all([
    listEmbeds(ctx.projectId),
    listEmbedScopeOptions(ctx.projectId),
  ]);
  return <EmbedsView projectId={ctx.projectId} embeds={embeds} scopes={scopes} />;
}

import type { Metadata } from "next";
import { ModelsView } from "@/components/settings/models-view";
import { pageProject } from "@/lib/auth/page";
import { listProviders } from "@/lib/models/data";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  return <ModelsView projectId={ctx.projectId} providers={await listProviders(ctx.projectId)} />;
}

import { redirect } from "next/navigation";
import { pageProject } from "@/lib/auth/page";

export default async function ProjectHome({ params }: { params: Promise<{ projectSlug: string }> }) {
  const { projectSlug } = await params;
  const ctx = await pageProject(projectSlug);
  redirect(`/p/${ctx.project.slug}/inbox`);
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ProjectSettingsForm } from "@/components/settings/project-settings-form";
import { pageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const { projectSlug } = await params;
  const ctx = await pageProject(projectSlug);
  // Members have only their account settings here.
  if (ctx.role === "MEMBER") redirect(`/p/${projectSlug}/settings/account`);
  return <ProjectSettingsForm projectId={ctx.projectId} name={ctx.project.name} slug={ctx.project.slug} />;
}

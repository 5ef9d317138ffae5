import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { pageProject } from "@/lib/auth/page";
import { listProjectsForUser } from "@/lib/projects/data";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ projectSlug: string }>;
}) {
  const { projectSlug } = await params;
  const ctx = await pageProject(projectSlug);
  const projects = await listProjectsForUser(ctx.user.id);
  return (
    <AppShell project={{ ...ctx.project, role: ctx.role }} projects={projects} user={ctx.user}>
      {children}
    </AppShell>
  );
}

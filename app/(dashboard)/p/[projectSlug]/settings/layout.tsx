import type { ReactNode } from "react";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ projectSlug: string }>;
}) {
  const ctx = await pageProject((await params).projectSlug);
  return (
    <>
      <PageHeader
        title="Settings"
        description={`The ${ctx.project.name} project, its team and access, and your account.`}
      />
      <SettingsTabs slug={ctx.project.slug} isAdmin={ctx.role !== "MEMBER"} />
      <div className="px-4 py-6 md:px-8">{children}</div>
    </>
  );
}

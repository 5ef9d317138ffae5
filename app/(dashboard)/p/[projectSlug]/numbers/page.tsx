import type { Metadata } from "next";
import { AddNumberButtons } from "@/components/numbers/add-number-buttons";
import { NumbersView } from "@/components/numbers/numbers-view";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";
import { env } from "@/lib/env";
import { listNumbers } from "@/lib/numbers/data";
import { latestHealth } from "@/lib/numbers/health-data";

export const metadata: Metadata = { title: "Numbers" };

export default async function NumbersPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const [numbers, health] = await Promise.all([listNumbers(ctx.projectId), latestHealth(ctx.projectId)]);
  const webhookUrl = `${env().APP_URL.replace(/\/$/, "")}/api/webhooks/whatsapp`;
  return (
    <>
      <PageHeader
        title="Numbers"
        description="WhatsApp Business numbers connected to this project."
        // With no numbers yet, the empty state carries the same two buttons.
        actions={numbers.length > 0 ? <AddNumberButtons projectId={ctx.projectId} /> : undefined}
      />
      <PageBody>
        <NumbersView
          projectId={ctx.projectId}
          slug={ctx.project.slug}
          numbers={numbers}
          health={health}
          webhookUrl={webhookUrl}
        />
      </PageBody>
    </>
  );
}

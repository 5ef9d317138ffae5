import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxView } from "@/components/inbox/inbox-view";
import { pageProject } from "@/lib/auth/page";
import { countNumbers } from "@/lib/numbers/data";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug);
  const numbers = await countNumbers(ctx.projectId);
  return (
    <Suspense>
      <InboxView
        projectId={ctx.projectId}
        hasNumbers={numbers > 0}
        isAdmin={ctx.role !== "MEMBER"}
        slug={ctx.project.slug}
      />
    </Suspense>
  );
}

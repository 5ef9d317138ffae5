import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxApiProvider } from "@/components/inbox/inbox-api";
import { DashboardEmptyHint, InboxView } from "@/components/inbox/inbox-view";
import { pageProject } from "@/lib/auth/page";
import { countNumbers } from "@/lib/numbers/data";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug);
  const numbers = await countNumbers(ctx.projectId);
  return (
    <InboxApiProvider
      base={`/api/projects/${ctx.projectId}/inbox`}
      cacheKey={ctx.projectId}
      meId={ctx.user.id}
    >
      <div className="h-[calc(100dvh-3.5rem)] min-h-0 md:h-dvh">
        <Suspense>
          <InboxView
            emptyHint={
              <DashboardEmptyHint
                hasNumbers={numbers > 0}
                isAdmin={ctx.role !== "MEMBER"}
                slug={ctx.project.slug}
              />
            }
          />
        </Suspense>
      </div>
    </InboxApiProvider>
  );
}

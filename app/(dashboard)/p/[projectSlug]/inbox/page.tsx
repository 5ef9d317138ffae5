import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { pageProject } from "@/lib/auth/page";
import { countConversations } from "@/lib/conversations/data";
import { countNumbers } from "@/lib/numbers/data";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const { projectSlug } = await params;
  const ctx = await pageProject(projectSlug);
  const [conversations, numbers] = await Promise.all([
    countConversations(ctx.projectId),
    countNumbers(ctx.projectId),
  ]);
  const isAdmin = ctx.role !== "MEMBER";
  return (
    <>
      <PageHeader
        title="Inbox"
        description={`${conversations.active} active of ${conversations.total} conversations`}
      />
      <PageBody>
        <EmptyState
          icon={Inbox}
          title={numbers === 0 ? "No WhatsApp number in this project yet" : "No conversations yet"}
          description={
            numbers === 0
              ? "Conversations appear here once a number is connected and customers write to it."
              : "When a customer writes to one of this project's numbers, the conversation appears here in real time."
          }
          action={
            numbers === 0 && isAdmin ? (
              <Button asChild variant="outline">
                <Link href={`/p/${ctx.project.slug}/numbers`}>Go to Numbers</Link>
              </Button>
            ) : undefined
          }
        />
      </PageBody>
    </>
  );
}

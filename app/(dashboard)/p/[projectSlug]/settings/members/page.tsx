import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { MembersView } from "@/components/settings/members-view";
import { pageProject } from "@/lib/auth/page";
import { listMembers } from "@/lib/members/data";
import { memberKeys } from "@/lib/members/query-keys";
import { makeQueryClient } from "@/lib/query-client";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: memberKeys.list(ctx.projectId),
    queryFn: () => listMembers(ctx.projectId),
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MembersView projectId={ctx.projectId} currentUserId={ctx.user.id} myRole={ctx.role} />
    </HydrationBoundary>
  );
}

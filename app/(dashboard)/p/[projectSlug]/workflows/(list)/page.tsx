import { Workflow } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/shell/not-yet";
import { pageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  await pageProject((await params).projectSlug);
  return (
    <NotYetAvailable
      title="Workflows"
      icon={Workflow}
      what="The visual builder for automated conversations (send messages, wait for replies, branch, hand off to a person) is on the way."
    />
  );
}

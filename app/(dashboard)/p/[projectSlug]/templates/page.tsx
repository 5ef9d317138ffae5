import { FileText } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/shell/not-yet";
import { pageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  await pageProject((await params).projectSlug);
  return (
    <NotYetAvailable
      title="Templates"
      icon={FileText}
      what="Creating message templates and submitting them to Meta for review arrives with the WhatsApp layer."
    />
  );
}

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
      description="Approved messages that reach customers outside the 24-hour window."
      icon={FileText}
      what="A template editor is coming in a later version. Until then, create templates and submit them for review in Meta's WhatsApp Manager: the inbox's Send a template lists each number's approved templates straight from WhatsApp, and every sandbox number comes with two samples (hello_world and order_update)."
    />
  );
}

import { Webhook } from "lucide-react";
import type { Metadata } from "next";
import { NotYetAvailable } from "@/components/shell/not-yet";
import { pageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  await pageProject((await params).projectSlug, "ADMIN");
  return (
    <NotYetAvailable
      title="Webhooks"
      icon={Webhook}
      what="Outbound webhooks (signed event deliveries to your endpoints, with retries and delivery logs) are on the way."
    />
  );
}

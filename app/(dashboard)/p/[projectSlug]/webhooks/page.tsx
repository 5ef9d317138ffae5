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
      description="Message and conversation events delivered to your own endpoints."
      icon={Webhook}
      what="Outbound webhooks (signed deliveries of message and conversation events to your endpoints, with retries and delivery logs) are coming in a later version. Until then, read conversations and messages with the Platform API or the Meta proxy (see Settings → API keys)."
    />
  );
}

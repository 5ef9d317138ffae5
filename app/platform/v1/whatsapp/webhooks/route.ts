import { projectWebhooks } from "@/lib/platform/webhooks";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = projectWebhooks.handlers;

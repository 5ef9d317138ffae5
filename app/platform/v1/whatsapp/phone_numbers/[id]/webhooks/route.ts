import { numberWebhooks } from "@/lib/platform/webhooks";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = numberWebhooks.handlers;

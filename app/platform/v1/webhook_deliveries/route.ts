import { webhookDeliveries } from "@/lib/platform/webhooks";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = webhookDeliveries.handlers;

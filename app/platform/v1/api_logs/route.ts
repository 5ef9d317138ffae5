import { apiLogs } from "@/lib/platform/api-logs";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = apiLogs.handlers;

import { trigger } from "@/lib/platform/workflows";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = trigger.handlers;

import { broadcastSchedule } from "@/lib/platform/broadcasts";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = broadcastSchedule.handlers;

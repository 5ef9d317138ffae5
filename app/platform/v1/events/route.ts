import { projectEvents } from "@/lib/platform/events";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = projectEvents.handlers;

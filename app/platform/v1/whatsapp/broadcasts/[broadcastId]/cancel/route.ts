import { broadcastCancel } from "@/lib/platform/broadcasts";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = broadcastCancel.handlers;

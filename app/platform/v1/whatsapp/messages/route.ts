import { messages } from "@/lib/platform/messages";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = messages.handlers;

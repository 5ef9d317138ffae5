import { inboxEmbeds } from "@/lib/platform/inbox-embeds";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = inboxEmbeds.handlers;

import { inboxDoor } from "@/lib/inbox/router";
import "@/lib/inbox/routes";

export const dynamic = "force-dynamic";

// The embed's door to the inbox API: the token in the path, no cookie; a call from a page on another
// origin must come from one the embed allows (checked by the HTTP layer).
export const { GET, HEAD, POST, PATCH, PUT, DELETE } = inboxDoor("embed");

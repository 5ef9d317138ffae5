import { inboxDoor } from "@/lib/inbox/router";
import "@/lib/inbox/routes";

export const dynamic = "force-dynamic";

// The dashboard's door to the inbox API: a project member's session (lib/inbox/router.ts).
export const { GET, HEAD, POST, PATCH, PUT, DELETE } = inboxDoor("session");

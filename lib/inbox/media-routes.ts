import { getMedia, headMedia, postAttachment } from "./media-handlers";
import { inboxRoute } from "./router";

// Registered by lib/inbox/routes.ts; handlers in media-handlers.ts (which streams the upload within
// its limit, after the door has authenticated).
inboxRoute("GET", "/media/:mediaId", {}, ({ access, params }) => getMedia(access, params.mediaId ?? ""));
inboxRoute("HEAD", "/media/:mediaId", {}, ({ access, params }) => headMedia(access, params.mediaId ?? ""));
inboxRoute(
  "POST",
  "/conversations/:conversationId/attachments",
  { rawBody: true },
  ({ access, req, params }) => postAttachment(access, req, params.conversationId ?? ""),
);

import { getMedia, headMedia, postAttachment } from "./media-handlers";
import { inboxRoute } from "./router";

// Registered by lib/inbox/routes.ts; handlers in media-handlers.ts.
inboxRoute("GET", "/media/:mediaId", (access, _req, p) => getMedia(access, p.mediaId ?? ""));
inboxRoute("HEAD", "/media/:mediaId", (access, _req, p) => headMedia(access, p.mediaId ?? ""));
inboxRoute("POST", "/conversations/:conversationId/attachments", (access, req, p) =>
  postAttachment(access, req, p.conversationId ?? ""),
);

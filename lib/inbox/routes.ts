import { getContactPanel, listAssignees, listInboxNumbers } from "@/lib/conversations/contact-data";
import { getConversationItem, getThread, listInbox } from "@/lib/conversations/data";
import { assignConversation, setConversationStatus } from "@/lib/conversations/mutations";
import {
  listConversationTemplates,
  markConversationRead,
  reactToMessage,
  sendOperatorTemplate,
  sendOperatorText,
} from "./mutations";
import { inboxRoute } from "./router";
import "./media-routes";
import {
  assignSchema,
  inboxQuerySchema,
  reactSchema,
  sendTemplateSchema,
  sendTextSchema,
  statusSchema,
  threadQuerySchema,
} from "./schema";

// Every inbox endpoint, for both the dashboard and embeds (lib/inbox/router.ts explains the two doors).

inboxRoute("GET", "/conversations", { query: inboxQuerySchema }, ({ access, query }) =>
  listInbox(access, query),
);
inboxRoute("GET", "/conversations/:id", {}, ({ access, params }) =>
  getConversationItem(access, params.id ?? ""),
);
inboxRoute("GET", "/conversations/:id/messages", { query: threadQuerySchema }, ({ access, params, query }) =>
  getThread(access, params.id ?? "", query),
);
inboxRoute("POST", "/conversations/:id/messages", { body: sendTextSchema }, ({ access, params, body }) =>
  sendOperatorText(access, params.id ?? "", body.text, body.replyTo),
);
inboxRoute("POST", "/conversations/:id/reactions", { body: reactSchema }, ({ access, params, body }) =>
  reactToMessage(access, params.id ?? "", body.messageId, body.emoji),
);
inboxRoute("GET", "/conversations/:id/templates", {}, ({ access, params }) =>
  listConversationTemplates(access, params.id ?? ""),
);
inboxRoute("POST", "/conversations/:id/templates", { body: sendTemplateSchema }, ({ access, params, body }) =>
  sendOperatorTemplate(access, params.id ?? "", body),
);
inboxRoute("POST", "/conversations/:id/read", {}, async ({ access, params }) => {
  await markConversationRead(access, params.id ?? "");
  return { ok: true };
});
inboxRoute("POST", "/conversations/:id/assignment", { body: assignSchema }, ({ access, params, body }) =>
  assignConversation(access, params.id ?? "", body),
);
inboxRoute("PATCH", "/conversations/:id", { body: statusSchema }, async ({ access, params, body }) => {
  await setConversationStatus(access, params.id ?? "", body.status);
  return getConversationItem(access, params.id ?? "");
});
inboxRoute("GET", "/conversations/:id/contact", {}, ({ access, params }) =>
  getContactPanel(access, params.id ?? ""),
);
inboxRoute("GET", "/assignees", {}, ({ access }) => listAssignees(access));
inboxRoute("GET", "/numbers", {}, ({ access }) => listInboxNumbers(access));

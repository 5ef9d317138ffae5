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
inboxRoute(
  "POST",
  "/conversations/:id/messages",
  { body: sendTextSchema },
  ({ scope, actor, params, body }) =>
    sendOperatorText(scope, actor, {
      conversationId: params.id ?? "",
      text: body.text,
      replyTo: body.replyTo,
    }),
);
inboxRoute("POST", "/conversations/:id/reactions", { body: reactSchema }, ({ scope, actor, params, body }) =>
  reactToMessage(scope, actor, {
    conversationId: params.id ?? "",
    messageId: body.messageId,
    emoji: body.emoji,
  }),
);
inboxRoute("GET", "/conversations/:id/templates", {}, ({ access, params }) =>
  listConversationTemplates(access, params.id ?? ""),
);
inboxRoute(
  "POST",
  "/conversations/:id/templates",
  { body: sendTemplateSchema },
  ({ scope, actor, params, body }) =>
    sendOperatorTemplate(scope, actor, { ...body, conversationId: params.id ?? "" }),
);
inboxRoute("POST", "/conversations/:id/read", {}, async ({ scope, actor, params }) => {
  await markConversationRead(scope, actor, { conversationId: params.id ?? "" });
  return { ok: true };
});
inboxRoute(
  "POST",
  "/conversations/:id/assignment",
  { body: assignSchema },
  ({ scope, actor, params, body }) =>
    assignConversation(scope, actor, { ...body, conversationId: params.id ?? "" }),
);
inboxRoute(
  "PATCH",
  "/conversations/:id",
  { body: statusSchema },
  async ({ access, scope, actor, params, body }) => {
    await setConversationStatus(scope, actor, { conversationId: params.id ?? "", status: body.status });
    return getConversationItem(access, params.id ?? "");
  },
);
inboxRoute("GET", "/conversations/:id/contact", {}, ({ access, params }) =>
  getContactPanel(access, params.id ?? ""),
);
inboxRoute("GET", "/assignees", {}, ({ access }) => listAssignees(access));
inboxRoute("GET", "/numbers", {}, ({ access }) => listInboxNumbers(access));

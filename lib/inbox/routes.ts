import { getContactPanel, listAssignees, listInboxNumbers } from "@/lib/conversations/contact-data";
import { getConversationItem, getThread, listInbox } from "@/lib/conversations/data";
import { assignConversation, setConversationStatus } from "@/lib/conversations/mutations";
import { parseOrThrow } from "@/lib/errors";
import { readBody } from "@/lib/http/platform";
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

const query = (req: Request) => Object.fromEntries(new URL(req.url).searchParams);

inboxRoute("GET", "/conversations", (access, req) =>
  listInbox(access, parseOrThrow(inboxQuerySchema, query(req))),
);
inboxRoute("GET", "/conversations/:id", (access, _req, p) => getConversationItem(access, p.id ?? ""));
inboxRoute("GET", "/conversations/:id/messages", (access, req, p) =>
  getThread(access, p.id ?? "", parseOrThrow(threadQuerySchema, query(req))),
);
inboxRoute("POST", "/conversations/:id/messages", async (access, req, p) => {
  const b = await readBody(req, sendTextSchema);
  return sendOperatorText(access, p.id ?? "", b.text, b.replyTo);
});
inboxRoute("POST", "/conversations/:id/reactions", async (access, req, p) => {
  const b = await readBody(req, reactSchema);
  return reactToMessage(access, p.id ?? "", b.messageId, b.emoji);
});
inboxRoute("GET", "/conversations/:id/templates", (access, _req, p) =>
  listConversationTemplates(access, p.id ?? ""),
);
inboxRoute("POST", "/conversations/:id/templates", async (access, req, p) =>
  sendOperatorTemplate(access, p.id ?? "", await readBody(req, sendTemplateSchema)),
);
inboxRoute("POST", "/conversations/:id/read", async (access, _req, p) => {
  await markConversationRead(access, p.id ?? "");
  return { ok: true };
});
inboxRoute("POST", "/conversations/:id/assignment", async (access, req, p) =>
  assignConversation(access, p.id ?? "", await readBody(req, assignSchema)),
);
inboxRoute("PATCH", "/conversations/:id", async (access, req, p) => {
  await setConversationStatus(access, p.id ?? "", (await readBody(req, statusSchema)).status);
  return getConversationItem(access, p.id ?? "");
});
inboxRoute("GET", "/conversations/:id/contact", (access, _req, p) => getContactPanel(access, p.id ?? ""));
inboxRoute("GET", "/assignees", (access) => listAssignees(access));
inboxRoute("GET", "/numbers", (access) => listInboxNumbers(access));

import { z } from "zod";
import { parseTime } from "@/lib/conversations/paging";
import { DATE_RANGE_MESSAGE } from "@/lib/dates";
import { defineRoute, type RouteSpec } from "@/lib/http/define-route";
import type { DocumentedResource } from "@/lib/http/resource";
import { handleProxy } from "@/lib/proxy/router";
import { conversationJson, cursorPaging, id } from "./schemas";

// The Meta proxy's Kapso extensions, declared for the OpenAPI document. The proxy's catch-all route
// serves them (lib/proxy/router.ts); these specs run the same proxy, so what is documented is what runs.

const time = (name: string) =>
  z
    .string()
    .max(40)
    .refine((v) => parseTime(v) !== null, `${name} ${DATE_RANGE_MESSAGE} (ISO 8601 or Unix seconds)`)
    .optional()
    .describe("ISO 8601 or Unix seconds");
const paging = {
  limit: z.string().max(4).optional().describe("1–100, default 20"),
  after: z.string().max(400).optional(),
  before: z.string().max(400).optional(),
};
const version = z
  .string()
  .regex(/^v\d+\.\d+$/)
  .describe("Graph API version, such as v24.0");
const numberParams = z.object({ version, phone_number_id: id });

const messageJson = z
  .object({
    id: z.string(),
    type: z.string(),
    timestamp: z.string(),
    kapso: z.record(z.string(), z.unknown()),
  })
  .passthrough();
const contactJson = z.object({ wa_id: z.string().nullable() }).passthrough();

const api = { auth: "apiKey", errorShape: "graph", tag: "Meta proxy (Kapso extensions)" } as const;

function proxied(spec: Omit<RouteSpec, "auth" | "errorShape">) {
  return defineRoute({ ...api, ...spec }, async ({ req, url }) => {
    const [, , , v = "", ...rest] = url.pathname.split("/");
    return handleProxy(req, v, rest.map(decodeURIComponent));
  });
}

export const metaProxyExtensions: DocumentedResource[] = [
  {
    path: "/meta/whatsapp/{version}/{phone_number_id}/conversations",
    tag: api.tag,
    routes: {
      GET: proxied({
        summary: "A number's conversations from Switchboard's store, newest activity first",
        params: numberParams,
        query: z.object({
          ...paging,
          status: z.enum(["active", "ended"]).optional(),
          phone_number: z.string().max(32).optional(),
          assigned_user_id: z.string().max(64).optional(),
          unassigned: z.enum(["true", "false"]).optional(),
          last_active_since: time("last_active_since"),
          last_active_until: time("last_active_until"),
        }),
        response: z.object({ data: z.array(conversationJson), paging: cursorPaging }),
      }),
    },
  },
  {
    path: "/meta/whatsapp/{version}/{phone_number_id}/messages",
    tag: api.tag,
    routes: {
      GET: proxied({
        summary: "A number's message history, newest first",
        params: numberParams,
        query: z.object({
          ...paging,
          conversation_id: z.string().max(64).optional(),
          direction: z.enum(["inbound", "outbound"]).optional(),
          status: z.enum(["pending", "sent", "delivered", "read", "failed", "received"]).optional(),
          since: time("since"),
          until: time("until"),
          fields: z.string().max(200).optional(),
        }),
        response: z.object({ data: z.array(messageJson), paging: cursorPaging }),
      }),
      POST: proxied({
        summary: "Send a message (Meta's request body; answered as Meta answers)",
        params: numberParams,
        response: z.object({
          messaging_product: z.literal("whatsapp"),
          contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })),
          messages: z.array(z.object({ id: z.string() })),
        }),
      }),
    },
  },
  {
    path: "/meta/whatsapp/{version}/{phone_number_id}/contacts",
    tag: api.tag,
    routes: {
      GET: proxied({
        summary: "A number's contacts",
        params: numberParams,
        query: z.object({ ...paging }),
        response: z.object({ data: z.array(contactJson), paging: cursorPaging }),
      }),
    },
  },
  {
    path: "/meta/whatsapp/{version}/conversations/{conversation_id}",
    tag: api.tag,
    routes: {
      GET: proxied({
        summary: "One conversation",
        params: z.object({ version, conversation_id: id }),
        response: conversationJson,
      }),
      PATCH: proxied({
        summary: "End or reopen a conversation",
        params: z.object({ version, conversation_id: id }),
        body: z.object({ status: z.enum(["active", "ended"]) }),
        response: conversationJson,
      }),
    },
  },
];

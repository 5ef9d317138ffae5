import { createApiKey } from "@/lib/api-keys/mutations";
import { createBroadcast } from "@/lib/broadcasts/mutations";
import { createCustomer } from "@/lib/customers/mutations";
import { createSetupLink } from "@/lib/customers/setup-link-mutations";
import { db } from "@/lib/db/client";
import { createEmbed } from "@/lib/embeds/mutations";
import type { Door } from "@/lib/http/fuzz-cases";
import { createWorkflow } from "@/lib/workflows/mutations";
import { makeConversation, makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

// The doors the fuzz suite hits (lib/http/fuzz.integration.test.ts), with one tenant's real ids and
// credentials: an API key, an embed token, a session user (sent in `sessionHeader`, read by the suite's
// Auth.js stand-in) and a sandbox number's Graph token.

export async function fuzzDoors(sessionHeader: string): Promise<Door[]> {
  const ctx = await makeProject();
  const number = await makeNumber(ctx);
  const conversation = await makeConversation(ctx, number.id);
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "fuzz" });
  const { token } = await createEmbed(memberScope(ctx), memberActor(ctx), {
    name: "Fuzz",
    scope: "PROJECT",
    allowedOrigins: ["https://host.example"],
    defaultMode: "SYSTEM",
  });
  const wf = await createWorkflow(memberScope(ctx), memberActor(ctx), { name: "Fuzz flow", description: "" });
  const sandboxNumber = await db().phoneNumber.findFirstOrThrow({
    where: { projectId: ctx.projectId, kind: "SANDBOX" },
  });
  const sandboxTemplate = await db().messageTemplate.findFirstOrThrow({
    where: { projectId: ctx.projectId, wabaId: sandboxNumber.wabaId, status: "APPROVED" },
  });
  const customer = await createCustomer(memberScope(ctx), memberActor(ctx), { name: "Fuzz customer" });
  const setup = await createSetupLink(memberScope(ctx), memberActor(ctx), { customerId: customer.id });
  const broadcast = await createBroadcast(memberScope(ctx), memberActor(ctx), {
    name: "Fuzz broadcast",
    numberId: sandboxNumber.id,
    templateId: sandboxTemplate.id,
  });
  const c = conversation.id;
  const pn = number.phoneNumberId;
  const apiKey = { "x-api-key": key };
  const user = { [sessionHeader]: ctx.user.id };
  const p = `/api/projects/${ctx.projectId}`;
  return [
    {
      name: "Platform API",
      shape: "kapso",
      headers: apiKey,
      // An API key is not ambient like a cookie: Origin does not matter, the answer is the body's.
      foreignOrigin: [400, 404, 422],
      writes: [
        {
          method: "POST",
          path: "/platform/v1/inbox_embeds",
          fields: [
            "inbox_embed",
            "inbox_embed.name",
            "inbox_embed.expires_at",
            "inbox_embed.allowed_origins",
          ],
        },
        {
          method: "PATCH",
          path: `/platform/v1/whatsapp/conversations/${c}`,
          fields: ["whatsapp_conversation.status"],
        },
        {
          method: "POST",
          path: `/platform/v1/whatsapp/conversations/${c}/assignments`,
          fields: ["assignment.user_id", "assignment.notes"],
        },
        {
          method: "POST",
          path: "/platform/v1/workflows",
          fields: ["workflow.name", "workflow.definition", "workflow.status"],
        },
        {
          method: "POST",
          path: `/platform/v1/workflows/${wf.id}/executions`,
          fields: [
            "workflow_execution",
            "workflow_execution.phone_number",
            "workflow_execution.phone_number_id",
            "workflow_execution.variables",
          ],
        },
        {
          method: "POST",
          path: "/platform/v1/whatsapp/phone_numbers/connect",
          fields: [
            "phone_number",
            "phone_number.phone_number_id",
            "phone_number.business_account_id",
            "phone_number.access_token",
            "phone_number.app_secret",
            "phone_number.verify_token",
          ],
        },
        {
          method: "PATCH",
          path: "/platform/v1/workflow_executions/nope",
          fields: ["workflow_execution", "workflow_execution.status"],
        },
        {
          method: "POST",
          path: "/platform/v1/workflow_executions/nope/resume",
          fields: ["message", "variables"],
        },
        {
          method: "POST",
          path: "/platform/v1/whatsapp/webhooks",
          fields: [
            "whatsapp_webhook",
            "whatsapp_webhook.url",
            "whatsapp_webhook.events",
            "whatsapp_webhook.headers",
          ],
        },
        {
          method: "POST",
          path: "/platform/v1/customers",
          fields: ["customer", "customer.name", "customer.external_customer_id"],
        },
        {
          method: "PATCH",
          path: `/platform/v1/customers/${customer.id}`,
          fields: ["customer", "customer.name", "customer.external_customer_id"],
        },
        {
          method: "POST",
          path: `/platform/v1/customers/${customer.id}/setup_links`,
          fields: [
            "setup_link",
            "setup_link.success_redirect_url",
            "setup_link.language",
            "setup_link.allowed_connection_types",
            "setup_link.theme_config.primary_color",
          ],
        },
        {
          method: "POST",
          path: `/platform/v1/whatsapp/phone_numbers/${pn}/webhooks`,
          fields: ["whatsapp_webhook.url", "whatsapp_webhook.kind", "whatsapp_webhook.buffer_window_seconds"],
        },
        {
          method: "PATCH",
          path: `/platform/v1/whatsapp/phone_numbers/${number.id}`,
          fields: ["phone_number", "phone_number.customer_id"],
        },
        {
          method: "POST",
          path: `/platform/v1/whatsapp/phone_numbers/${number.id}/display_name_requests`,
          fields: ["display_name_request", "display_name_request.new_display_name"],
        },
        {
          method: "POST",
          path: "/platform/v1/events",
          fields: ["name", "occurred_at", "conversation_id", "properties", "properties.k"],
        },
        {
          method: "POST",
          path: "/platform/v1/whatsapp/broadcasts",
          fields: [
            "whatsapp_broadcast",
            "whatsapp_broadcast.name",
            "whatsapp_broadcast.phone_number_id",
            "whatsapp_broadcast.whatsapp_template_id",
          ],
        },
        {
          method: "POST",
          path: `/platform/v1/whatsapp/broadcasts/${broadcast.id}/recipients`,
          fields: ["recipients", "recipients.0", "recipients.phone_number"],
        },
        {
          method: "POST",
          path: `/platform/v1/whatsapp/broadcasts/${broadcast.id}/schedule`,
          fields: ["scheduled_at"],
        },
        {
          method: "POST",
          path: "/platform/v1/whatsapp/media",
          fields: [
            "media_ingest",
            "media_ingest.phone_number_id",
            "media_ingest.source",
            "media_ingest.filename",
            "media_ingest.mime_type",
            "media_ingest.delivery",
          ],
        },
        {
          method: "POST",
          path: `/platform/v1/customers/${customer.id}/whatsapp/phone_numbers`,
          fields: [
            "whatsapp_phone_number",
            "whatsapp_phone_number.phone_number_id",
            "whatsapp_phone_number.access_token",
          ],
        },
      ],
      reads: [
        {
          path: "/platform/v1/whatsapp/conversations",
          dates: ["last_active_since", "last_active_until"],
          cursors: ["after", "before"],
          params: ["limit", "status", "unassigned"],
        },
        { path: `/platform/v1/whatsapp/conversations/${c}/assignments`, params: ["page", "per_page"] },
        { path: "/platform/v1/workflows", params: ["page", "per_page", "status"] },
        { path: "/platform/v1/customers", params: ["page", "per_page", "q"] },
        { path: "/platform/v1/whatsapp/broadcasts", params: ["page", "per_page"] },
        {
          path: "/platform/v1/api_logs",
          cursors: ["after", "before"],
          params: ["limit", "period", "status_code", "errors_only"],
        },
        {
          path: `/platform/v1/whatsapp/broadcasts/${broadcast.id}/recipients`,
          params: ["page", "per_page", "status"],
        },
        { path: "/platform/v1/provider_models" },
        {
          path: `/platform/v1/workflows/${wf.id}/executions`,
          cursors: ["after", "before"],
          params: ["limit", "status"],
        },
        {
          path: `/platform/v1/whatsapp/conversations/${c}/workflow_executions`,
          cursors: ["after", "before"],
          params: ["limit"],
        },
        {
          path: "/platform/v1/webhook_deliveries",
          cursors: ["after"],
          params: ["period", "status", "event", "webhook_id", "errors_only", "limit"],
        },
        { path: "/platform/v1/whatsapp/phone_numbers", params: ["customer_id"] },
        {
          path: "/platform/v1/whatsapp/messages",
          dates: ["since", "until"],
          cursors: ["after", "before"],
          params: [
            "limit",
            "phone_number_id",
            "phone_number",
            "direction",
            "status",
            "message_type",
            "has_media",
            "conversation_id",
          ],
        },
        { path: `/platform/v1/whatsapp/phone_numbers/${number.id}/health`, params: ["test_message_to"] },
      ],
      idPaths: [
        "/platform/v1/inbox_embeds/{id}",
        "/platform/v1/whatsapp/conversations/{id}",
        "/platform/v1/workflows/{id}/definition",
        "/platform/v1/workflows/{id}/executions",
        "/platform/v1/workflows/{id}/variables",
        "/platform/v1/workflow_executions/{id}",
        "/platform/v1/workflow_executions/{id}/events",
        "/platform/v1/whatsapp/webhooks/{id}",
        "/platform/v1/whatsapp/phone_numbers/{id}",
        "/platform/v1/whatsapp/phone_numbers/{id}/display_name_requests",
        `/platform/v1/whatsapp/phone_numbers/${number.id}/display_name_requests/{id}`,
        "/platform/v1/customers/{id}",
        "/platform/v1/customers/{id}/setup_links",
        "/platform/v1/setup_links/{id}",
        "/platform/v1/whatsapp/broadcasts/{id}",
        "/platform/v1/whatsapp/broadcasts/{id}/recipients",
      ],
      unknownPrefix: "/platform/v1",
      wrongMethods: [
        { method: "PUT", path: "/platform/v1/inbox_embeds" },
        { method: "DELETE", path: "/platform/v1/users" },
        { method: "POST", path: `/platform/v1/whatsapp/conversations/${c}` },
        { method: "POST", path: "/platform/v1/provider_models" },
        { method: "DELETE", path: `/platform/v1/workflows/${wf.id}/executions` },
        { method: "GET", path: "/platform/v1/workflow_executions/x/resume" },
        { method: "PUT", path: "/platform/v1/whatsapp/webhooks" },
        { method: "PUT", path: "/platform/v1/whatsapp/phone_numbers" },
        { method: "GET", path: "/platform/v1/whatsapp/phone_numbers/connect" },
        { method: "GET", path: "/platform/v1/whatsapp/media" },
      ],
    },
    {
      name: "Meta proxy",
      shape: "graph",
      headers: apiKey,
      writes: [
        {
          method: "POST",
          path: `/meta/whatsapp/v24.0/${pn}/messages`,
          fields: ["to", "type", "text.body", "messaging_product"],
        },
        { method: "PATCH", path: `/meta/whatsapp/v24.0/conversations/${c}`, fields: ["status"] },
      ],
      reads: [
        {
          path: `/meta/whatsapp/v24.0/${pn}/messages`,
          dates: ["since", "until"],
          cursors: ["after", "before"],
          params: ["limit", "direction", "status"],
        },
        {
          path: `/meta/whatsapp/v24.0/${pn}/conversations`,
          dates: ["last_active_since", "last_active_until"],
          cursors: ["after", "before"],
          params: ["limit"],
        },
        { path: `/meta/whatsapp/v24.0/${pn}/contacts`, cursors: ["after", "before"], params: ["limit"] },
      ],
      idPaths: [`/meta/whatsapp/v24.0/{id}/messages`, "/meta/whatsapp/v24.0/conversations/{id}"],
      unknownPrefix: "/meta",
      wrongMethods: [{ method: "PUT", path: `/meta/whatsapp/v24.0/${pn}/messages` }],
    },
    {
      name: "Hosted setup page",
      shape: "dashboard",
      headers: {},
      foreignOrigin: [403],
      writes: [
        {
          method: "POST",
          path: `/api/setup/${setup.token}`,
          fields: ["type", "phoneNumberId", "accessToken"],
        },
      ],
      reads: [],
      idPaths: [],
      wrongMethods: [{ method: "GET", path: `/api/setup/${setup.token}` }],
    },
    {
      name: "Embed API",
      shape: "dashboard",
      headers: {},
      foreignOrigin: [403],
      writes: [
        {
          method: "POST",
          path: `/api/embed/${token}/conversations/${c}/messages`,
          fields: ["text", "replyTo"],
        },
        {
          method: "POST",
          path: `/api/embed/${token}/conversations/${c}/assignment`,
          fields: ["userId", "note"],
        },
        { method: "PATCH", path: `/api/embed/${token}/conversations/${c}`, fields: ["status"] },
      ],
      reads: [
        {
          path: `/api/embed/${token}/conversations`,
          cursors: ["cursor"],
          params: ["status", "assignee", "q"],
        },
        { path: `/api/embed/${token}/conversations/${c}/messages`, cursors: ["before"] },
      ],
      idPaths: [
        `/api/embed/${token}/conversations/{id}`,
        `/api/embed/{id}/conversations`,
        `/api/embed/${token}/media/{id}`,
      ],
      unknownPrefix: `/api/embed/${token}`,
      wrongMethods: [{ method: "DELETE", path: `/api/embed/${token}/conversations` }],
    },
    {
      name: "Session API",
      shape: "dashboard",
      headers: user,
      foreignOrigin: [403],
      writes: [
        { method: "POST", path: `${p}/inbox/conversations/${c}/messages`, fields: ["text", "replyTo"] },
        {
          method: "POST",
          path: `${p}/inbox/conversations/${c}/templates`,
          fields: ["name", "language", "body"],
        },
        { method: "POST", path: `${p}/inbox/conversations/${c}/reactions`, fields: ["messageId", "emoji"] },
        {
          method: "POST",
          path: "/api/sandbox/phone",
          fields: ["numberId", "kind", "customer.waId", "latitude"],
        },
      ],
      reads: [
        {
          path: `${p}/inbox/conversations`,
          cursors: ["cursor"],
          params: ["status", "assignee", "numberId", "q"],
        },
        { path: `${p}/inbox/conversations/${c}/messages`, cursors: ["before"] },
        {
          path: `/api/sandbox/phone?numberId=${number.id}&customer=15551234567`,
          params: ["numberId", "customer"],
        },
        { path: `${p}/members` },
      ],
      idPaths: [
        `${p}/inbox/conversations/{id}`,
        `/api/projects/{id}/members`,
        `${p}/inbox/conversations/{id}/contact`,
      ],
      unknownPrefix: `${p}/inbox`,
      wrongMethods: [
        { method: "POST", path: `${p}/members` },
        { method: "DELETE", path: `${p}/inbox/conversations` },
        { method: "PUT", path: "/api/sandbox/phone" },
      ],
    },
    {
      name: "Sandbox Graph API",
      shape: "graph",
      headers: { authorization: `Bearer ${number.accessToken}` },
      writes: [
        {
          method: "POST",
          path: `/api/sandbox/graph/v24.0/${pn}/messages`,
          fields: ["to", "type", "text.body", "messaging_product"],
        },
        {
          method: "POST",
          path: `/api/sandbox/graph/v24.0/${pn}/whatsapp_business_profile`,
          fields: ["about", "messaging_product"],
        },
        {
          method: "POST",
          path: `/api/sandbox/graph/v24.0/${number.wabaId}/message_templates`,
          fields: ["name", "language", "category", "components"],
        },
      ],
      reads: [
        {
          path: `/api/sandbox/graph/v24.0/${number.wabaId}/message_templates`,
          params: ["limit", "name", "status"],
        },
      ],
      idPaths: ["/api/sandbox/graph/v24.0/{id}", "/api/sandbox/graph/v24.0/media-download/{id}"],
      unknownPrefix: "/api/sandbox/graph",
      wrongMethods: [{ method: "PATCH", path: `/api/sandbox/graph/v24.0/${pn}/messages` }],
    },
    {
      name: "Webhook receiver",
      shape: "kapso",
      headers: {},
      writes: [{ method: "POST", path: "/api/webhooks/whatsapp", fields: ["object", "entry"] }],
      reads: [
        { path: "/api/webhooks/whatsapp?hub.mode=subscribe", params: ["hub.verify_token", "hub.challenge"] },
      ],
      idPaths: [],
      wrongMethods: [
        { method: "PUT", path: "/api/webhooks/whatsapp" },
        { method: "DELETE", path: "/api/webhooks/whatsapp" },
      ],
    },
    {
      name: "Health",
      shape: "dashboard",
      headers: {},
      writes: [],
      reads: [{ path: "/api/health", params: ["x"] }],
      idPaths: [],
      wrongMethods: [
        { method: "POST", path: "/api/health" },
        { method: "DELETE", path: "/api/health" },
      ],
    },
  ];
}

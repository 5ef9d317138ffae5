import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { findNumber, getWebhook, listAttempts, listWebhooks } from "@/lib/webhooks/data";
import { PAYLOAD_VERSIONS, WEBHOOK_EVENTS, WEBHOOK_KINDS } from "@/lib/webhooks/events";
import { createWebhook, deleteWebhook, sendTestEvent, updateWebhook } from "@/lib/webhooks/mutations";
import {
  createWebhookSchema,
  DELIVERY_STATUSES,
  deliveryFilterSchema,
  testEventSchema,
  updateWebhookSchema,
} from "@/lib/webhooks/schema";
import { cursorPaging, data, id, isoTime, noContent, pageMeta } from "./schemas";

// Kapso's webhooks and webhook_deliveries APIs (spec §1.2, §1.10). Bodies use the `whatsapp_webhook`
// envelope; the secret (`secret_key`) is in the create response only.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Webhooks" } as const;

const webhookJson = z.object({
  id,
  url: z.string(),
  kind: z.enum(WEBHOOK_KINDS),
  events: z.array(z.string()),
  active: z.boolean(),
  status: z.enum(["active", "paused", "disabled"]),
  paused_at: isoTime.nullable(),
  paused_reason: z.string().nullable(),
  project_id: z.string(),
  phone_number_id: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  buffer_enabled: z.boolean(),
  buffer_window_seconds: z.number().int(),
  max_buffer_size: z.number().int(),
  buffer_events: z.array(z.string()),
  inactivity_minutes: z.number().int(),
  payload_version: z.enum(PAYLOAD_VERSIONS),
  created_at: isoTime,
  updated_at: isoTime,
});

const createBody = z.object({ whatsapp_webhook: createWebhookSchema });
const updateBody = z.object({ whatsapp_webhook: updateWebhookSchema });
const byId = z.object({ id });
// `{id}` like the other phone-number routes: Next refuses two slug names at one level of the path.
const byNumber = z.object({ id: z.string().min(1).max(64) });

function out(w: Awaited<ReturnType<typeof getWebhook>>) {
  const { number_id: _n, ...rest } = w;
  return rest as z.infer<typeof webhookJson>;
}

/** Field names in errors as the API spells them (`whatsapp_webhook.url`). */
function apiError(e: unknown): unknown {
  if (!(e instanceof AppError) || !e.fields) return e;
  const fields = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [`whatsapp_webhook.${k}`, v]));
  return new AppError(e.code, e.message, { fields });
}

const listJson = z.object({ data: z.array(webhookJson), meta: pageMeta });
function listed(rows: Awaited<ReturnType<typeof listWebhooks>>) {
  return {
    data: rows.map(out),
    meta: { page: 1, per_page: rows.length, total_pages: 1, total_count: rows.length },
  };
}

export const numberWebhooks = resource("/platform/v1/whatsapp/phone_numbers/{id}/webhooks", api.tag, {
  GET: defineRoute(
    { ...api, summary: "List a phone number's webhooks", params: byNumber, response: listJson },
    async (ctx) => {
      const p = platformContext(ctx);
      const n = await findNumber(p.projectId, ctx.params.id);
      if (!n) throw new AppError("not_found", `Phone number ${ctx.params.id} was not found`);
      return listed(await listWebhooks(p.projectId, { numberId: n.id }));
    },
  ),
  POST: defineRoute(
    {
      ...api,
      summary:
        "Create a phone-number webhook (message and conversation events, or kind meta); secret_key only here",
      params: byNumber,
      body: createBody,
      status: 201,
      response: data(webhookJson.extend({ secret_key: z.string() })),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const { webhook, secret } = await createWebhook(p.scope, p.actor, {
        ...ctx.body.whatsapp_webhook,
        phoneNumber: ctx.params.id,
      }).catch((e) => {
        throw apiError(e);
      });
      return { data: { ...out(webhook), secret_key: secret } };
    },
  ),
});

export const projectWebhooks = resource("/platform/v1/whatsapp/webhooks", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List every webhook of the project (project and phone-number ones)",
      response: listJson,
    },
    async (ctx) => listed(await listWebhooks(platformContext(ctx).projectId)),
  ),
  POST: defineRoute(
    {
      ...api,
      summary: "Create a project webhook (number lifecycle and workflow events); secret_key only here",
      body: z.object({
        whatsapp_webhook: createWebhookSchema.extend({
          phone_number_id: z.string().min(1).max(64).optional(),
        }),
      }),
      status: 201,
      response: data(webhookJson.extend({ secret_key: z.string() })),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const { phone_number_id, ...input } = ctx.body.whatsapp_webhook;
      const { webhook, secret } = await createWebhook(p.scope, p.actor, {
        ...input,
        phoneNumber: phone_number_id,
      }).catch((e) => {
        throw apiError(e);
      });
      return { data: { ...out(webhook), secret_key: secret } };
    },
  ),
});

export const webhookResource = resource("/platform/v1/whatsapp/webhooks/{id}", api.tag, {
  GET: defineRoute(
    { ...api, summary: "Get a webhook", params: byId, response: data(webhookJson) },
    async (ctx) => ({
      data: out(await getWebhook(platformContext(ctx).projectId, ctx.params.id)),
    }),
  ),
  PATCH: defineRoute(
    {
      ...api,
      summary: "Change a webhook; active: true also lifts an automatic pause",
      params: byId,
      body: updateBody,
      response: data(webhookJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const w = await updateWebhook(p.scope, p.actor, {
        webhookId: ctx.params.id,
        ...ctx.body.whatsapp_webhook,
      }).catch((e) => {
        throw apiError(e);
      });
      return { data: out(w) };
    },
  ),
  DELETE: defineRoute(
    {
      ...api,
      summary: "Delete a webhook and its delivery log",
      params: byId,
      status: 204,
      response: noContent,
    },
    async (ctx) => {
      const p = platformContext(ctx);
      await deleteWebhook(p.scope, p.actor, { webhookId: ctx.params.id });
      return new Response(null, { status: 204 });
    },
  ),
});

export const webhookTest = resource("/platform/v1/whatsapp/webhooks/{id}/test", api.tag, {
  POST: defineRoute(
    {
      ...api,
      summary: "Send a sample event of any type now; success is the receiver's 2xx",
      params: byId,
      body: testEventSchema,
      response: data(
        z.object({
          success: z.boolean(),
          status_code: z.number().int().nullable(),
          error: z.string().nullable(),
        }),
      ),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const r = await sendTestEvent(p.scope, p.actor, {
        webhookId: ctx.params.id,
        eventType: ctx.body.event_type,
      });
      return { data: { success: r.success, status_code: r.status_code, error: r.error } };
    },
  ),
});

const deliveryJson = z.object({
  id,
  delivery_id: id,
  webhook_id: id,
  webhook_url: z.string(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES).or(z.string()),
  attempt: z.number().int(),
  response_status_code: z.number().int().nullable(),
  response_time_ms: z.number().int(),
  error: z.string().nullable(),
  request_headers: z.record(z.string(), z.string()),
  payload: z.string(),
  response_body: z.string().nullable(),
  idempotency_key: z.string(),
  batch_size: z.number().int().nullable(),
  created_at: isoTime,
  next_retry_at: isoTime.nullable(),
});

export const webhookDeliveries = resource("/platform/v1/webhook_deliveries", "Webhook deliveries", {
  GET: defineRoute(
    {
      ...api,
      tag: "Webhook deliveries",
      summary:
        "Delivery attempts, most recent first (period, status, event, webhook_id, errors_only; cursor paging)",
      query: deliveryFilterSchema.extend({
        limit: z
          .string()
          .regex(/^\d{1,3}$/, "limit must be a number from 1 to 100")
          .optional(),
        after: z.string().max(200).optional(),
        before: z.string().max(200).optional(),
      }),
      response: z.object({ data: z.array(deliveryJson), paging: cursorPaging }),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const limit = Number(ctx.query.limit ?? 20);
      if (limit < 1 || limit > 100)
        throw new AppError("validation", "limit must be a number from 1 to 100", {
          fields: { limit: "1–100" },
        });
      return listAttempts(p.projectId, ctx.query, { limit, after: ctx.query.after, baseUrl: ctx.url });
    },
  ),
});

export const WEBHOOK_EVENT_NAMES = WEBHOOK_EVENTS;

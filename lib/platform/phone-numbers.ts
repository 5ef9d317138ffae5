import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { getDisplayNameRequest, listDisplayNameRequests } from "@/lib/numbers/display-name-data";
import { displayNameDto, submitDisplayName } from "@/lib/numbers/display-name-mutations";
import { runHealthCheck } from "@/lib/numbers/health-mutations";
import { connectLiveNumber, deleteNumber, setNumberCustomer } from "@/lib/numbers/mutations";
import { getPlatformNumber, listPlatformNumbers, platformNumberRow } from "@/lib/numbers/platform-data";
import { data, id, isoTime, noContent } from "./schemas";

// Kapso's phone-number API: list (customer_id filter), read, attach to a customer, delete, connect a
// live number, the health check, and display-name change requests. `{id}` is our id or Meta's
// phone_number_id.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Phone numbers" } as const;
const byId = z.object({ id });

const numberJson = z.object({
  id,
  phone_number_id: z.string(),
  business_account_id: z.string(),
  name: z.string().nullable(),
  display_name: z.string().nullable(),
  display_phone_number: z.string(),
  display_phone_number_normalized: z.string(),
  verified_name: z.string().nullable(),
  quality_rating: z.string().nullable(),
  throughput_tier: z.string().nullable(),
  whatsapp_business_manager_messaging_limit: z.string().nullable(),
  customer_id: z.string().nullable(),
  status: z.enum(["CONNECTED", "DISCONNECTED"]),
  health_status: z.string().nullable(),
  name_status: z.string().nullable(),
  is_sandbox: z.boolean(),
  created_at: isoTime,
  updated_at: isoTime,
});

const checkJson = z.object({
  passed: z.boolean(),
  error: z.string().optional(),
  overall_status: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
const healthJson = z.object({
  status: z.enum(["healthy", "degraded", "unhealthy", "error"]),
  checked_at: isoTime,
  checks: z.record(z.string(), checkJson),
});

const nameRequestJson = z.object({
  id,
  phone_number_id: z.string(),
  requested_display_name: z.string(),
  previous_display_name: z.string().nullable(),
  status: z.enum([
    "submitted",
    "pending_review",
    "approved",
    "available_without_review",
    "declined",
    "applied",
  ]),
  submitted_at: isoTime,
  reviewed_at: isoTime.nullable(),
  applied_at: isoTime.nullable(),
  meta_error_code: z.number().int().nullable(),
  meta_error_subcode: z.number().int().nullable(),
  meta_error_type: z.string().nullable(),
  meta_error_message: z.string().nullable(),
});

const metaId = (field: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, `${field} is 5–20 digits`);

const connectBody = z.object({
  phone_number: z.object({
    phone_number_id: metaId("phone_number_id"),
    business_account_id: metaId("business_account_id"),
    access_token: z.string().trim().min(20, "access_token is a Meta system-user token").max(2048),
    app_secret: z
      .string()
      .trim()
      .regex(/^[a-f0-9]{32}$/i, "app_secret is 32 hexadecimal characters"),
    verify_token: z.string().trim().min(8, "verify_token is at least 8 characters").max(128),
  }),
});

const patchBody = z.object({
  phone_number: z
    .object({ customer_id: z.string().min(1).max(64).nullable() })
    .strict()
    .describe("Attach the number to a customer of the project (or null to detach)"),
});

export const phoneNumbers = resource("/platform/v1/whatsapp/phone_numbers", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List the project's numbers (customer_id filters by customer)",
      query: z.object({ customer_id: z.string().min(1).max(64).optional() }),
      response: data(z.array(numberJson)),
    },
    async (ctx) => ({
      data: await listPlatformNumbers(platformContext(ctx).projectId, { customerId: ctx.query.customer_id }),
    }),
  ),
});

export const phoneNumberConnect = resource("/platform/v1/whatsapp/phone_numbers/connect", api.tag, {
  POST: defineRoute(
    {
      ...api,
      summary: "Connect a live number: checked with Meta (the token must read the number under that account)",
      body: connectBody,
      status: 201,
      response: data(numberJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const b = ctx.body.phone_number;
      const { id: created } = await connectLiveNumber(p.scope, p.actor, {
        phoneNumberId: b.phone_number_id,
        wabaId: b.business_account_id,
        accessToken: b.access_token,
        appSecret: b.app_secret,
        verifyToken: b.verify_token,
      }).catch((e: unknown) => {
        // The dashboard's field names become Kapso's.
        if (e instanceof AppError && e.fields) {
          const map: Record<string, string> = {
            phoneNumberId: "phone_number_id",
            wabaId: "business_account_id",
            accessToken: "access_token",
          };
          throw new AppError(e.code, e.message, {
            fields: Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [map[k] ?? k, v])),
          });
        }
        throw e;
      });
      return { data: await getPlatformNumber(p.projectId, created) };
    },
  ),
});

export const phoneNumber = resource("/platform/v1/whatsapp/phone_numbers/{id}", api.tag, {
  GET: defineRoute(
    { ...api, summary: "Get a number", params: byId, response: data(numberJson) },
    async (ctx) => ({
      data: await getPlatformNumber(platformContext(ctx).projectId, ctx.params.id),
    }),
  ),
  PATCH: defineRoute(
    {
      ...api,
      summary: "Attach to a customer (or detach)",
      params: byId,
      body: patchBody,
      response: data(numberJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const row = await platformNumberRow(p.projectId, ctx.params.id);
      await setNumberCustomer(p.scope, p.actor, {
        numberId: row.id,
        customerId: ctx.body.phone_number.customer_id,
      });
      return { data: await getPlatformNumber(p.projectId, row.id) };
    },
  ),
  DELETE: defineRoute(
    {
      ...api,
      summary: "Remove the number and its conversations from the project",
      params: byId,
      status: 204,
      response: noContent,
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const row = await platformNumberRow(p.projectId, ctx.params.id);
      await deleteNumber(p.scope, p.actor, { numberId: row.id });
      return new Response(null, { status: 204 });
    },
  ),
});

export const phoneNumberHealth = resource("/platform/v1/whatsapp/phone_numbers/{id}/health", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "Run the health check (test_message_to also sends hello_world to that number)",
      params: byId,
      query: z.object({
        test_message_to: z
          .string()
          .regex(/^\+?\d{8,15}$/, "test_message_to is a WhatsApp number with its country code")
          .optional(),
      }),
      response: healthJson,
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const row = await platformNumberRow(p.projectId, ctx.params.id);
      return runHealthCheck(p.projectId as ProjectId, row.id, { testTo: ctx.query.test_message_to });
    },
  ),
});

const nameBody = z.object({
  display_name_request: z.object({
    new_display_name: z.string().trim().min(1, "new_display_name is required").max(512),
  }),
});

export const displayNameRequests = resource(
  "/platform/v1/whatsapp/phone_numbers/{id}/display_name_requests",
  "Display names",
  {
    POST: defineRoute(
      {
        ...api,
        tag: "Display names",
        summary: "Request a new display name (Meta reviews it; a declined request carries Meta's error)",
        params: byId,
        body: nameBody,
        status: 201,
        response: data(nameRequestJson),
      },
      async (ctx) => {
        const p = platformContext(ctx);
        const row = await platformNumberRow(p.projectId, ctx.params.id);
        return {
          data: await submitDisplayName(p.scope, p.actor, {
            numberId: row.id,
            name: ctx.body.display_name_request.new_display_name,
          }),
        };
      },
    ),
    GET: defineRoute(
      {
        ...api,
        tag: "Display names",
        summary: "List requests, newest first",
        params: byId,
        response: data(z.array(nameRequestJson)),
      },
      async (ctx) => {
        const p = platformContext(ctx);
        const row = await platformNumberRow(p.projectId, ctx.params.id);
        const list = await listDisplayNameRequests(p.projectId, row.id);
        return { data: list.map((r) => displayNameDto(r, row.phoneNumberId)) };
      },
    ),
  },
);

export const displayNameRequest = resource(
  "/platform/v1/whatsapp/phone_numbers/{id}/display_name_requests/{requestId}",
  "Display names",
  {
    GET: defineRoute(
      {
        ...api,
        tag: "Display names",
        summary: "Follow one request",
        params: z.object({ id, requestId: id }),
        response: data(nameRequestJson),
      },
      async (ctx) => {
        const p = platformContext(ctx);
        const row = await platformNumberRow(p.projectId, ctx.params.id);
        const r = await getDisplayNameRequest(p.projectId, ctx.params.requestId);
        if (!r || r.phoneNumberId !== row.id)
          throw new AppError("not_found", "Display name request not found.");
        return { data: displayNameDto(r, row.phoneNumberId) };
      },
    ),
  },
);

import { z } from "zod";
import { LOGGED_EVENTS, PAYLOAD_VERSIONS, WEBHOOK_EVENTS, WEBHOOK_KINDS } from "./events";

// Inputs (snake_case as Kapso's API; the pages send the same shape).

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const RESERVED =
  /^(content-type|content-length|host|transfer-encoding|connection|x-webhook-(event|signature|payload-version|batch)|x-idempotency-key|x-batch-size)$/i;

export const headersSchema = z
  .record(z.string(), z.string().max(1000))
  .refine((h) => Object.keys(h).length <= 20, "at most 20 headers")
  .refine(
    (h) => Object.keys(h).every((k) => HEADER_NAME.test(k)),
    "header names must be tokens (letters, digits, - and _)",
  )
  .refine(
    (h) => Object.keys(h).every((k) => !RESERVED.test(k)),
    "a custom header cannot replace Content-Type, Host or the signed X-Webhook-* headers",
  )
  .refine(
    (h) => Object.values(h).every((v) => !/[\r\n\0]/.test(v)),
    "header values cannot contain line breaks",
  );

export const urlSchema = z
  .string()
  .trim()
  .max(2000)
  .url("must be an absolute http(s) URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL");

/** A whole number in [min, max]; one message for every way to miss (1e308 was told about 2^53). */
const wholeBetween = (min: number, max: number, unit: string) => {
  const error = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const fields = {
  url: urlSchema,
  kind: z.enum(WEBHOOK_KINDS).default("kapso"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS as [string, ...string[]]))
    .max(WEBHOOK_EVENTS.length)
    .default([]),
  headers: headersSchema.default({}),
  active: z.boolean().default(true),
  payload_version: z.enum(PAYLOAD_VERSIONS).default("v2"),
  buffer_enabled: z.boolean().default(false),
  buffer_window_seconds: wholeBetween(1, 60, "seconds").default(5),
  max_buffer_size: wholeBetween(1, 100, "messages").default(50),
  inactivity_minutes: wholeBetween(1, 1440, "minutes").default(60),
};

export const createWebhookSchema = z.object(fields).strict();
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .object({
    url: fields.url.optional(),
    events: z
      .array(z.enum(WEBHOOK_EVENTS as [string, ...string[]]))
      .max(WEBHOOK_EVENTS.length)
      .optional(),
    headers: headersSchema.optional(),
    active: z.boolean().optional(),
    payload_version: z.enum(PAYLOAD_VERSIONS).optional(),
    buffer_enabled: z.boolean().optional(),
    buffer_window_seconds: wholeBetween(1, 60, "seconds").optional(),
    max_buffer_size: wholeBetween(1, 100, "messages").optional(),
    inactivity_minutes: wholeBetween(1, 1440, "minutes").optional(),
  })
  .strict();
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

export const testEventSchema = z
  .object({ event_type: z.enum(WEBHOOK_EVENTS as [string, ...string[]]) })
  .strict();

export const PERIODS = { "24h": 24, "7d": 24 * 7, "30d": 24 * 30 } as const;
export const DELIVERY_STATUSES = ["pending", "retrying", "succeeded", "failed"] as const;

export const deliveryFilterSchema = z.object({
  period: z.enum(["24h", "7d", "30d"]).default("24h"),
  status: z.enum(DELIVERY_STATUSES).optional(),
  event: z.enum(LOGGED_EVENTS as [string, ...string[]]).optional(),
  webhook_id: z.string().min(1).max(64).optional(),
  errors_only: z.enum(["true", "false"]).optional(),
});
export type DeliveryFilter = z.infer<typeof deliveryFilterSchema>;

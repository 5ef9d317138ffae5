import { z } from "zod";
import type { BroadcastDto, RecipientDto } from "./data";
import { RECIPIENT_FILTERS } from "./schema";

// Kapso's shapes for /platform/v1/whatsapp/broadcasts (kapso-spec §5.4).

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const broadcastJson = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(["draft", "scheduled", "sending", "completed", "failed", "cancelled"]),
  phone_number_id: z.string().describe("Meta's phone number id"),
  whatsapp_template_id: z.string(),
  template_name: z.string(),
  template_language: z.string(),
  total_recipients: z.number().int(),
  pending_count: z.number().int(),
  sent_count: z.number().int(),
  delivered_count: z.number().int(),
  read_count: z.number().int(),
  failed_count: z.number().int(),
  responded_count: z.number().int(),
  response_rate: z.number().describe("responded_count / sent_count, 0–1"),
  scheduled_at: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const toPlatformBroadcast = (b: BroadcastDto): z.infer<typeof broadcastJson> => ({
  id: b.id,
  name: b.name,
  status: b.status.toLowerCase() as z.infer<typeof broadcastJson>["status"],
  phone_number_id: b.phoneNumberId,
  whatsapp_template_id: b.templateId,
  template_name: b.templateName,
  template_language: b.templateLanguage,
  total_recipients: b.metrics.total,
  pending_count: b.metrics.pending,
  sent_count: b.metrics.sent,
  delivered_count: b.metrics.delivered,
  read_count: b.metrics.read,
  failed_count: b.metrics.failed,
  responded_count: b.metrics.responded,
  response_rate: Math.round(b.metrics.responseRate * 10_000) / 10_000,
  scheduled_at: iso(b.scheduledAt),
  started_at: iso(b.startedAt),
  completed_at: iso(b.completedAt),
  created_at: b.createdAt.toISOString(),
  updated_at: b.updatedAt.toISOString(),
});

export const recipientJson = z.object({
  id: z.string(),
  phone_number: z.string(),
  status: z.enum(["pending", "sending", "sent", "delivered", "read", "failed", "skipped"]),
  components: z.unknown(),
  whatsapp_message_id: z.string().nullable(),
  error: z.object({ code: z.number().int().nullable(), title: z.string() }).nullable(),
  sent_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  read_at: z.string().nullable(),
  failed_at: z.string().nullable(),
  responded_at: z.string().nullable(),
});

export const toPlatformRecipient = (r: RecipientDto): z.infer<typeof recipientJson> => ({
  id: r.id,
  phone_number: `+${r.phone}`,
  status: (r.status === "ACCEPTED" ? "sent" : r.status.toLowerCase()) as z.infer<
    typeof recipientJson
  >["status"],
  components: r.components,
  whatsapp_message_id: r.wamid,
  error: r.status === "FAILED" ? { code: r.errorCode, title: r.errorTitle ?? "Failed" } : null,
  sent_at: iso(r.sentAt),
  delivered_at: iso(r.deliveredAt),
  read_at: iso(r.readAt),
  failed_at: iso(r.failedAt),
  responded_at: iso(r.respondedAt),
});

const idLike = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform(String)
  .pipe(z.string().trim().min(1).max(64));

export const createBroadcastBody = z.object(
  {
    whatsapp_broadcast: z.object(
      {
        name: z.string().trim().min(1, "name is required").max(120),
        phone_number_id: idLike,
        whatsapp_template_id: idLike,
      },
      { message: "whatsapp_broadcast: an object with name, phone_number_id and whatsapp_template_id" },
    ),
  },
  { message: 'The body must be { "whatsapp_broadcast": { ... } }' },
);

export const recipientsBody = z.object(
  {
    recipients: z
      .array(
        z.object(
          {
            phone_number: z.union([z.string().max(40), z.number()]),
            components: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
            parameters: z
              .array(z.union([z.string().max(1024), z.number()]))
              .max(50)
              .optional(),
          },
          { message: "each recipient: { phone_number, components? }" },
        ),
      )
      .min(1, "at least one recipient")
      .max(1000, "at most 1000 recipients per request"),
  },
  { message: 'The body must be { "recipients": [ ... ] }' },
);

export const scheduleBody = z.object({
  scheduled_at: z.iso.datetime({ offset: true, message: "scheduled_at: an ISO 8601 time with a time zone" }),
});

export const recipientsQuery = z.object({
  status: z.enum(RECIPIENT_FILTERS).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  per_page: z.coerce.number().int().min(1).max(100).optional().default(20),
});

import { z } from "zod";

export const BROADCAST_STATUSES = [
  "draft",
  "scheduled",
  "sending",
  "completed",
  "failed",
  "cancelled",
] as const;
/** Recipient filters (the API's and the page's): `sent` counts anything that reached WhatsApp. */
export const RECIPIENT_FILTERS = [
  "pending",
  "sent",
  "delivered",
  "read",
  "failed",
  "responded",
  "skipped",
] as const;
export type RecipientFilter = (typeof RECIPIENT_FILTERS)[number];

export const createBroadcastSchema = z.object({
  projectId: z.string().min(1),
  name: z.string().trim().min(1, "Name is required").max(120, "At most 120 characters"),
  numberId: z.string().trim().min(1, "Choose a number").max(64),
  templateId: z.string().trim().min(1, "Choose an approved template").max(64),
});

export const broadcastRefSchema = z.object({
  projectId: z.string().min(1),
  broadcastId: z.string().min(1).max(64),
});

export const addRecipientsSchema = broadcastRefSchema.extend({
  recipients: z
    .array(z.record(z.string(), z.unknown()))
    .min(1, "Add at least one recipient")
    .max(1000, "At most 1,000 recipients per request"),
});

export const scheduleSchema = broadcastRefSchema.extend({
  scheduledAt: z.coerce.date({ message: "A date and time" }),
});

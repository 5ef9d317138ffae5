import { z } from "zod";

// Response shapes of the Platform API, declared for the OpenAPI document (handlers build them from DTOs).

export const id = z.string().min(1).max(64);
export const isoTime = z.string().describe("ISO 8601 date and time");

export const cursorPaging = z.object({
  cursors: z.object({ before: z.string(), after: z.string() }),
  next: z.string().optional().describe("URL of the next page (built from APP_URL)"),
  previous: z.string().optional(),
});

export const pageMeta = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  total_pages: z.number().int(),
  total_count: z.number().int(),
});

export const conversationJson = z.object({
  id,
  phone_number: z.string().nullable(),
  business_scoped_user_id: z.string().nullable(),
  status: z.enum(["active", "ended"]),
  last_active_at: isoTime,
  created_at: isoTime,
  phone_number_id: z.string(),
  kapso: z.object({
    contact_name: z.string().nullable(),
    unread_count: z.number().int(),
    last_inbound_at: isoTime.nullable(),
    assigned_user_id: z.string().nullable(),
  }),
});

export const assignmentJson = z.object({
  id,
  user_id: z.string(),
  created_by_user_id: z.string().nullable(),
  notes: z.string().nullable(),
  active: z.boolean(),
  created_at: isoTime,
  ended_at: isoTime.nullable(),
});

export const userJson = z.object({
  id,
  name: z.string().nullable(),
  email: z.string(),
  role: z.enum(["owner", "admin", "member"]),
  joined_at: isoTime,
});

export const embedJson = z.object({
  id,
  name: z.string(),
  scope_type: z.enum(["project", "customer", "phone_number"]),
  scope_id: z.string().nullable(),
  scope_name: z.string(),
  status: z.enum(["active", "expired", "revoked"]),
  allowed_origins: z.array(z.string()),
  default_mode: z.enum(["light", "dark", "system"]),
  expires_at: isoTime.nullable(),
  last_used_at: isoTime.nullable(),
  created_at: isoTime,
  updated_at: isoTime,
});

export const workflowJsonSchema = z.object({
  id,
  name: z.string(),
  description: z.string(),
  status: z.enum(["draft", "active", "archived"]),
  lock_version: z.number().int(),
  created_at: isoTime,
  updated_at: isoTime,
  definition: z.record(z.string(), z.unknown()).optional(),
});

export const triggerJsonSchema = z.object({
  id,
  workflow_id: z.string(),
  trigger_type: z.enum(["inbound_message", "whatsapp_event", "api_call"]),
  active: z.boolean(),
  phone_number_id: z.string().nullable(),
  event: z.string().nullable(),
});

export const data = <T extends z.ZodType>(item: T) => z.object({ data: item });
export const noContent = z.null().describe("No content (204)");

import { z } from "zod";

// Inputs of the Templates page and editor. The template itself is Meta's creation payload, checked by
// the rule module (./rules.ts), so only its outline is declared here.

const upperOpt = (values: readonly string[]) =>
  z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(values as [string, ...string[]]))
    .optional()
    .catch(undefined);

export const TEMPLATE_STATUSES = [
  "APPROVED",
  "PENDING",
  "REJECTED",
  "PAUSED",
  "DISABLED",
  "IN_APPEAL",
] as const;
export const QUALITIES = ["GREEN", "YELLOW", "RED", "UNKNOWN"] as const;

/** The list's filters, as they sit in the URL (unknown values are ignored, not refused). */
export const templateFiltersSchema = z.object({
  waba: z.string().max(40).optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  status: upperOpt(TEMPLATE_STATUSES),
  category: upperOpt(["MARKETING", "UTILITY", "AUTHENTICATION"]),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2,4})?$/)
    .optional()
    .catch(undefined),
  quality: upperOpt(QUALITIES),
});
export type TemplateFilters = z.infer<typeof templateFiltersSchema>;

export const templatePayloadSchema = z.object({
  name: z.string().max(600),
  language: z.string().max(20),
  category: z.string().max(40),
  parameter_format: z.enum(["POSITIONAL", "NAMED"]).optional(),
  components: z.array(z.record(z.string(), z.unknown())).max(10),
});

export const submitTemplateSchema = z.object({
  projectId: z.string().min(1),
  wabaId: z.string().min(1).max(40),
  template: templatePayloadSchema,
});
export const editTemplateSchema = z.object({
  projectId: z.string().min(1),
  id: z.string().min(1),
  template: templatePayloadSchema,
});
export const deleteTemplateSchema = z.object({
  projectId: z.string().min(1),
  id: z.string().min(1),
  allLanguages: z.boolean(),
});
export const syncSchema = z.object({ projectId: z.string().min(1) });
export const testSendSchema = z.object({
  projectId: z.string().min(1),
  id: z.string().min(1),
  conversationId: z.string().min(1, "Choose a conversation"),
});
export const testConversationsSchema = z.object({ projectId: z.string().min(1), wabaId: z.string().min(1) });

import { z } from "zod";

// Kapso's project event rules (kapso-spec §3.6): a dotted snake_case name up to 128 characters, at most
// 25 properties with keys up to 64 characters and string values up to 1,024 bytes; the body ≤ 8 KB.

export const EVENT_BODY_LIMIT = 8 * 1024;
const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

const value = z.union([
  z.string().refine((s) => Buffer.byteLength(s) <= 1024, "string values are at most 1,024 bytes"),
  z.number(),
  z.boolean(),
  z.null(),
]);

export const projectEventBody = z.object({
  name: z
    .string({ message: "name is required" })
    .max(128, "name: at most 128 characters")
    .regex(
      NAME,
      "name: lowercase words of letters, digits and _ joined by dots, starting with a letter (order.shipped)",
    ),
  occurred_at: z.iso
    .datetime({ offset: true, message: "occurred_at: an ISO 8601 time with a time zone" })
    .optional(),
  conversation_id: z.string().min(1).max(64).optional(),
  properties: z
    .record(z.string(), value, {
      message: "properties: an object of strings, numbers, booleans or null",
    })
    .refine((p) => Object.keys(p).length <= 25, "properties: at most 25")
    .refine(
      (p) => Object.keys(p).every((k) => k.length >= 1 && k.length <= 64),
      "properties: names are 1 to 64 characters",
    )
    .optional()
    .default({}),
});

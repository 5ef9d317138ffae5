import { z } from "zod";

const id = z.string().min(1).max(64);

export const inboxQuerySchema = z.object({
  // active | ended | all, in any case (Kapso's embed URLs use lower case); all = no filter.
  status: z
    .string()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(["ACTIVE", "ENDED", "ALL"], { message: "status must be active, ended or all" }))
    .transform((v) => (v === "ALL" ? undefined : v))
    .optional(),
  assignee: z.union([z.literal("me"), z.literal("unassigned"), id]).optional(),
  numberId: id.optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(100).optional(),
});

export const threadQuerySchema = z.object({
  before: z.string().max(100).optional(),
});

const replyTo = z.string().startsWith("wamid.", "replyTo must be a WhatsApp message id").max(200).optional();

export const sendTextSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, "Type a message")
    .max(4096, "WhatsApp messages can be at most 4096 characters"),
  replyTo,
});

export const reactSchema = z.object({
  messageId: id,
  // One emoji (possibly several code points), or "" to remove the reaction.
  emoji: z.string().max(16, "emoji: one emoji"),
});

export const sendTemplateSchema = z.object({
  name: z.string().min(1, "Choose a template").max(512),
  language: z.string().min(2).max(15),
  header: z.array(z.string().trim().min(1, "Fill in every parameter").max(60)).max(1).optional(),
  body: z.array(z.string().trim().min(1, "Fill in every parameter").max(1024)).max(20).optional(),
  /** Graph-shaped send components (named parameters, media headers, button parameters). */
  components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  replyTo,
});

export const assignSchema = z.object({
  userId: id.nullable(),
  note: z.string().trim().max(500, "Keep the note under 500 characters").nullish(),
});

export const statusSchema = z.object({ status: z.enum(["ACTIVE", "ENDED"]) });

import { z } from "zod";

export const inboxQuerySchema = z.object({
  status: z.enum(["ACTIVE", "ENDED"]).optional(),
  cursor: z.string().max(100).optional(),
});

export const sendTextSchema = z.object({
  projectId: z.string().min(1),
  conversationId: z.string().min(1),
  text: z
    .string()
    .trim()
    .min(1, "Type a message")
    .max(4096, "WhatsApp messages can be at most 4096 characters"),
  replyTo: z.string().startsWith("wamid.").optional(),
});

export const conversationRefSchema = z.object({
  projectId: z.string().min(1),
  conversationId: z.string().min(1),
});

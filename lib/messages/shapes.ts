import { z } from "zod";

// The parts of Meta's webhook payloads the messaging core reads: a sender, a message, a status report.
// Everything else is kept exactly as Meta sent it.

export const contactSchema = z
  .object({
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    profile: z
      .object({ name: z.string().optional(), username: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const inboundMessageSchema = z
  .object({
    id: z.string().min(1),
    from: z.string().optional(),
    from_user_id: z.string().optional(),
    timestamp: z.string().optional(),
    type: z.string().default("unknown"),
    context: z.object({ id: z.string().optional(), from: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export const statusSchema = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    timestamp: z.string().default(() => String(Math.floor(Date.now() / 1000))),
    recipient_id: z.string().optional(),
    errors: z.array(z.unknown()).optional(),
    pricing: z.unknown().optional(),
    conversation: z.unknown().optional(),
  })
  .passthrough();
export type StatusUpdate = z.infer<typeof statusSchema>;

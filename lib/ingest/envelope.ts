import { z } from "zod";

// Just enough structure to route a webhook; everything else is kept exactly as Meta sent it.
const change = z
  .object({ field: z.string(), value: z.record(z.string(), z.unknown()).default({}) })
  .passthrough();
const entry = z
  .object({ id: z.string().optional(), time: z.unknown().optional(), changes: z.array(change).default([]) })
  .passthrough();
export const envelopeSchema = z
  .object({ object: z.string().optional(), entry: z.array(entry).default([]) })
  .passthrough();
export type Envelope = z.infer<typeof envelopeSchema>;

export function metaPhoneNumberIds(e: Envelope): string[] {
  const ids = new Set<string>();
  for (const en of e.entry)
    for (const c of en.changes) {
      const id = (c.value.metadata as { phone_number_id?: unknown } | undefined)?.phone_number_id;
      if (typeof id === "string" && id) ids.add(id);
    }
  return [...ids];
}

export function wabaIds(e: Envelope): string[] {
  return [...new Set(e.entry.map((en) => en.id).filter((id): id is string => !!id))];
}

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

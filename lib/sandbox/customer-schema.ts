import { z } from "zod";

const customer = z.object({
  waId: z.string().regex(/^\d{8,15}$/, "Phone numbers are 8–15 digits, country code first, no +"),
  name: z.string().trim().min(1, "Give the customer a name").max(60),
});

const base = { numberId: z.string().min(1), customer, replyTo: z.string().startsWith("wamid.").optional() };

export const customerInputSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("text"), text: z.string().trim().min(1, "Type a message").max(4096) }),
  z.object({ ...base, kind: z.literal("image"), text: z.string().max(1024).optional() }),
  z.object({
    ...base,
    kind: z.literal("location"),
    latitude: z.coerce.number().min(-90).max(90),
    longitude: z.coerce.number().min(-180).max(180),
    name: z.string().max(100).optional(),
    address: z.string().max(200).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("reaction"),
    messageId: z.string().startsWith("wamid."),
    emoji: z.string().max(16).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("button_reply"),
    messageId: z.string().startsWith("wamid."),
    id: z.string().min(1).max(256),
    title: z.string().min(1).max(20),
  }),
  z.object({
    ...base,
    kind: z.literal("list_reply"),
    messageId: z.string().startsWith("wamid."),
    id: z.string().min(1).max(200),
    title: z.string().min(1).max(24),
    description: z.string().max(72).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal("quick_reply"),
    messageId: z.string().startsWith("wamid."),
    payload: z.string().min(1).max(256),
    title: z.string().min(1).max(25),
  }),
]);
export type CustomerInput = z.infer<typeof customerInputSchema>;

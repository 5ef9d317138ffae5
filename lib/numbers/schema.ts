import { z } from "zod";

export const createNumberSchema = z.object({
  kind: z.enum(["LIVE", "SANDBOX"]),
  phoneNumberId: z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, "Meta phone number ids are 5–20 digits"),
  wabaId: z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, "WhatsApp Business Account ids are 5–20 digits"),
  displayPhoneNumber: z.string().trim().min(5).max(32),
  verifiedName: z.string().trim().min(1).max(120),
  accessToken: z.string().min(10).max(2048).optional(),
  appSecret: z.string().min(8).max(256).optional(),
  customerId: z.string().optional(),
});
export type CreateNumberInput = z.infer<typeof createNumberSchema>;

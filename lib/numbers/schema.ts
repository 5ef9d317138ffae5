import { z } from "zod";

const metaId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{5,20}$/, `${what} is 5–20 digits, from Meta's app dashboard`);

export const createNumberSchema = z.object({
  kind: z.enum(["LIVE", "SANDBOX"]),
  phoneNumberId: metaId("Phone number ID"),
  wabaId: metaId("WhatsApp Business Account ID"),
  displayPhoneNumber: z.string().trim().min(5).max(32),
  verifiedName: z.string().trim().min(1).max(120),
  accessToken: z.string().min(10).max(2048).optional(),
  appSecret: z.string().min(8).max(256).optional(),
  customerId: z.string().optional(),
});
export type CreateNumberInput = z.infer<typeof createNumberSchema>;

export const connectLiveSchema = z.object({
  projectId: z.string().min(1),
  phoneNumberId: metaId("Phone number ID"),
  wabaId: metaId("WhatsApp Business Account ID"),
  accessToken: z
    .string()
    .trim()
    .min(20, "Paste the permanent access token of your Meta system user")
    .max(2048),
  appSecret: z
    .string()
    .trim()
    .regex(/^[a-f0-9]{32}$/i, "The app secret is 32 hexadecimal characters (App settings → Basic)"),
  verifyToken: z.string().trim().min(8, "Choose a verify token of at least 8 characters").max(128),
});

// Replacing a live number's credentials: blank fields keep their value (the form sends them empty).
const blankIsKept = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), t.optional());

export const updateCredentialsSchema = z.object({
  projectId: z.string().min(1),
  numberId: z.string().min(1),
  accessToken: blankIsKept(connectLiveSchema.shape.accessToken),
  appSecret: blankIsKept(connectLiveSchema.shape.appSecret),
  verifyToken: blankIsKept(connectLiveSchema.shape.verifyToken),
});

export const addSandboxSchema = z.object({
  projectId: z.string().min(1),
  name: z.string().trim().min(1).max(60).default("Sandbox"),
});
export const numberRefSchema = z.object({ projectId: z.string().min(1), numberId: z.string().min(1) });
export const healthCheckSchema = z.object({
  projectId: z.string().min(1),
  numberId: z.string().min(1),
  testTo: z
    .string()
    .trim()
    .regex(/^\+?\d{8,15}$/, "A WhatsApp number with its country code")
    .optional()
    .or(z.literal("")),
});

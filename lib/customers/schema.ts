import { z } from "zod";

// The customers domain's inputs, shared by the dashboard's actions and the Platform API (which maps its
// snake_case envelope onto these, so both doors validate with the same rules).

const name = z.string().trim().min(1, "Name is required").max(120, "At most 120 characters");
const externalId = z
  .string()
  .trim()
  .max(200, "At most 200 characters")
  .regex(/^[^\s]*$/, "No spaces")
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional();

export const customerFields = z.object({ name, externalId });
export type CustomerInput = z.infer<typeof customerFields>;

export const createCustomerSchema = customerFields.extend({ projectId: z.string().min(1) });
export const updateCustomerSchema = customerFields.partial().extend({
  projectId: z.string().min(1),
  customerId: z.string().min(1).max(64),
});
export const customerRefSchema = z.object({
  projectId: z.string().min(1),
  customerId: z.string().min(1).max(64),
});
export const numberLinkSchema = customerRefSchema.extend({ numberId: z.string().min(1).max(64) });

/** Languages of the hosted setup page (Kapso's list). */
export const SETUP_LANGUAGES = ["en", "es", "pt", "hi", "id", "ar"] as const;
/**
 * How a customer may connect: `sandbox` (a simulated number, this product's offline mode), `dedicated`
 * (a live number's credentials, checked against Graph) and Kapso's `coexistence` (the same credentials
 * form: on a self-hosted install both end in a live number's credentials).
 */
export const CONNECTION_TYPES = ["sandbox", "dedicated", "coexistence"] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

const redirectUrl = z
  .string()
  .trim()
  .max(2000, "At most 2000 characters")
  .refine((v) => {
    // Blank means none: the dashboard's form posts its empty optional fields as "".
    if (v === "") return true;
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "An http(s) URL without credentials")
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional();

export const setupLinkFields = z.object({
  successRedirectUrl: redirectUrl,
  failureRedirectUrl: redirectUrl,
  language: z.enum(SETUP_LANGUAGES, { message: `One of ${SETUP_LANGUAGES.join(", ")}` }).optional(),
  allowedConnectionTypes: z
    .array(z.enum(CONNECTION_TYPES, { message: `One of ${CONNECTION_TYPES.join(", ")}` }))
    .min(1, "Allow at least one connection type")
    .max(3)
    .optional(),
  primaryColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "A colour like #0f766e")
    .nullable()
    .optional(),
});
export type SetupLinkInput = z.infer<typeof setupLinkFields>;

export const createSetupLinkSchema = setupLinkFields.extend({
  projectId: z.string().min(1),
  customerId: z.string().min(1).max(64),
});
export const revokeSetupLinkSchema = z.object({
  projectId: z.string().min(1),
  setupLinkId: z.string().min(1).max(64),
});

import { z } from "zod";
import type { CustomerDto, SetupLinkDto } from "./data";
import { CONNECTION_TYPES, customerFields, setupLinkFields } from "./schema";

// Kapso's shapes for /platform/v1/customers and setup links: snake_case outside, the domain's rules
// inside (the same zod fields, so a bad value is refused with the same message on both doors).

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const customerJson = z.object({
  id: z.string(),
  name: z.string(),
  external_customer_id: z.string().nullable(),
  phone_numbers_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const toPlatformCustomer = (c: CustomerDto): z.infer<typeof customerJson> => ({
  id: c.id,
  name: c.name,
  external_customer_id: c.externalId,
  phone_numbers_count: c.numberCount,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

export const createCustomerBody = z.object(
  {
    customer: z.object(
      { name: customerFields.shape.name, external_customer_id: customerFields.shape.externalId },
      { message: "customer: an object with name and external_customer_id" },
    ),
  },
  { message: 'The body must be { "customer": { ... } }' },
);
export const updateCustomerBody = z.object(
  {
    customer: z.object(
      {
        name: customerFields.shape.name.optional(),
        external_customer_id: customerFields.shape.externalId,
      },
      { message: "customer: an object with the fields to change" },
    ),
  },
  { message: 'The body must be { "customer": { ... } }' },
);

export const setupLinkJson = z.object({
  id: z.string(),
  customer_id: z.string(),
  status: z.enum(["active", "used", "expired", "revoked"]),
  success_redirect_url: z.string().nullable(),
  failure_redirect_url: z.string().nullable(),
  language: z.string(),
  allowed_connection_types: z.array(z.enum(CONNECTION_TYPES)),
  theme_config: z.object({ primary_color: z.string().nullable() }),
  expires_at: z.string(),
  used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  phone_number_id: z.string().nullable().describe("Our id of the number connected through the link"),
  created_at: z.string(),
  updated_at: z.string(),
});

export const toPlatformSetupLink = (l: SetupLinkDto): z.infer<typeof setupLinkJson> => ({
  id: l.id,
  customer_id: l.customerId,
  status: l.status,
  success_redirect_url: l.successRedirectUrl,
  failure_redirect_url: l.failureRedirectUrl,
  language: l.language,
  allowed_connection_types: l.allowedConnectionTypes,
  theme_config: { primary_color: l.primaryColor },
  expires_at: l.expiresAt.toISOString(),
  used_at: iso(l.usedAt),
  revoked_at: iso(l.revokedAt),
  phone_number_id: l.phoneNumberId,
  created_at: l.createdAt.toISOString(),
  updated_at: l.updatedAt.toISOString(),
});

const s = setupLinkFields.shape;
const setupLinkShape = {
  success_redirect_url: s.successRedirectUrl,
  failure_redirect_url: s.failureRedirectUrl,
  language: s.language,
  allowed_connection_types: s.allowedConnectionTypes,
  theme_config: z
    .object({ primary_color: s.primaryColor }, { message: "theme_config: an object like { primary_color }" })
    .optional(),
};

export const createSetupLinkBody = z.object(
  { setup_link: z.object(setupLinkShape, { message: "setup_link: an object (may be empty: {})" }) },
  { message: 'The body must be { "setup_link": { ... } }' },
);
export const updateSetupLinkBody = z.object(
  {
    setup_link: z.object(
      {
        ...setupLinkShape,
        status: z.enum(["revoked"], { message: "status: only revoked can be set" }).optional(),
      },
      { message: "setup_link: an object" },
    ),
  },
  { message: 'The body must be { "setup_link": { ... } }' },
);

type SetupBody = z.infer<typeof createSetupLinkBody>["setup_link"];
export const toSetupLinkInput = (b: SetupBody) => ({
  successRedirectUrl: b?.success_redirect_url,
  failureRedirectUrl: b?.failure_redirect_url,
  language: b?.language,
  allowedConnectionTypes: b?.allowed_connection_types,
  primaryColor: b?.theme_config?.primary_color,
});

const metaId = (what: string) =>
  z
    .union([z.string(), z.number().int().nonnegative()])
    .transform(String)
    .pipe(z.string().regex(/^\d{5,20}$/, `${what}: 5–20 digits`));

export const connectNumberBody = z.object(
  {
    whatsapp_phone_number: z.object(
      {
        phone_number_id: metaId("phone_number_id"),
        business_account_id: metaId("business_account_id").optional(),
        access_token: z.string().trim().min(20).max(2048).optional(),
        app_secret: z
          .string()
          .trim()
          .regex(/^[a-f0-9]{32}$/i, "32 hexadecimal characters")
          .optional(),
        verify_token: z.string().trim().min(8).max(128).optional(),
      },
      { message: "whatsapp_phone_number: an object" },
    ),
  },
  { message: 'The body must be { "whatsapp_phone_number": { ... } }' },
);

export const customerNumberJson = z.object({
  id: z.string(),
  phone_number_id: z.string(),
  business_account_id: z.string(),
  display_phone_number: z.string(),
  verified_name: z.string(),
  customer_id: z.string().nullable(),
  is_sandbox: z.boolean(),
});

import { z } from "zod";
import { DATE_RANGE_MESSAGE, MAX_DATE } from "@/lib/dates";
import { parseOrigin } from "./origins";

export const originsSchema = z
  .array(z.string().max(253))
  .max(20, "allowed_origins: at most 20 origins")
  .transform((list, ctx) => {
    const out: string[] = [];
    for (const [i, o] of list.entries()) {
      const r = parseOrigin(o);
      if (!r.ok) ctx.addIssue({ code: "custom", message: r.error, path: [i] });
      else if (!out.includes(r.origin)) out.push(r.origin);
    }
    return out;
  });

const name = z.string().trim().min(1, "Give the embed a name, such as the app it goes in").max(80);
const expiresAt = z.coerce
  .date({ message: "expires_at: a date and time such as 2026-12-31T00:00:00Z" })
  .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future")
  .refine((d) => d <= MAX_DATE, `expires_at ${DATE_RANGE_MESSAGE}`)
  .nullable();
const mode = z.enum(["LIGHT", "DARK", "SYSTEM"]);

export const createEmbedSchema = z
  .object({
    name,
    scope: z.enum(["PROJECT", "CUSTOMER", "PHONE_NUMBER"]),
    /** Our customer id or our phone number id, for the CUSTOMER and PHONE_NUMBER scopes. */
    scopeId: z.string().max(64).nullish(),
    allowedOrigins: originsSchema,
    expiresAt: expiresAt.optional(),
    defaultMode: mode.default("SYSTEM"),
  })
  .refine((v) => v.scope === "PROJECT" || !!v.scopeId, {
    message: "Choose the customer or phone number this embed shows",
    path: ["scopeId"],
  });
export type CreateEmbedInput = z.infer<typeof createEmbedSchema>;

/** What can change after creation: never the scope. */
export const updateEmbedSchema = z.object({
  name: name.optional(),
  allowedOrigins: originsSchema.optional(),
  expiresAt: expiresAt.optional(),
  defaultMode: mode.optional(),
});
export type UpdateEmbedInput = z.infer<typeof updateEmbedSchema>;

import { z } from "zod";
import type { EmbedScope, ThemeMode } from "@/generated/prisma/enums";
import { AppError, fieldErrors } from "@/lib/errors";
import type { EmbedDto } from "./data";
import { type CreateEmbedInput, createEmbedSchema, type UpdateEmbedInput, updateEmbedSchema } from "./schema";

// The Kapso-compatible shapes of /platform/v1/inbox_embeds: snake_case fields and lowercase enums
// outside, our camelCase schemas inside, so both doors validate with the same rules.

const SNAKE: Record<string, string> = {
  scope: "scope_type",
  scopeId: "scope_id",
  allowedOrigins: "allowed_origins",
  expiresAt: "expires_at",
  defaultMode: "default_mode",
};
const snake = (field: string) => SNAKE[field] ?? field;

/** Renames the camelCase field names of a validation error (message and fields) to the API's. */
export function toPlatformError(e: unknown): unknown {
  if (!(e instanceof AppError) || !e.fields) return e;
  const rename = (key: string) => key.replace(/^[^.]+/, (head) => `inbox_embed.${snake(head)}`);
  const fields = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [rename(k), v]));
  let message = e.message;
  const key = Object.keys(e.fields).find((k) => message.startsWith(`${k}: `));
  if (key) {
    // Some schema messages already start with the API name ("expires_at: …"); say it once.
    const rest = message
      .slice(key.length + 2)
      .replace(new RegExp(`^${snake(key.split(".")[0] ?? "")}: `), "");
    message = `${rename(key)}: ${rest}`;
  }
  return new AppError(e.code, message, { status: e.status, fields });
}

function parseMapped<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = fieldErrors(r.error);
  const [first] = Object.entries(fields);
  throw toPlatformError(
    new AppError("validation", first ? `${first[0]}: ${first[1]}` : "Invalid input", { fields }),
  );
}

const MODES = { light: "LIGHT", dark: "DARK", system: "SYSTEM" } as const;
const SCOPES = { project: "PROJECT", customer: "CUSTOMER", phone_number: "PHONE_NUMBER" } as const;

const mode = z.enum(["light", "dark", "system"], { message: "one of light, dark, system" });
const envelope = <S extends z.ZodRawShape>(shape: S) =>
  z.object(
    { inbox_embed: z.object(shape, { message: "inbox_embed: an object with the embed's fields" }) },
    { message: 'The body must be { "inbox_embed": { ... } }' },
  );

/** The create body's envelope and enums; the field rules are createEmbedSchema's. */
export const platformCreateBody = envelope({
  name: z.unknown().optional(),
  scope_type: z.enum(["project", "customer", "phone_number"], {
    message: "one of project, customer, phone_number",
  }),
  scope_id: z.unknown().optional(),
  allowed_origins: z.unknown().optional(),
  expires_at: z.unknown().optional(),
  default_mode: mode.optional(),
});

export function toCreateInput(body: z.infer<typeof platformCreateBody>): CreateEmbedInput {
  const b = body.inbox_embed;
  return parseMapped(createEmbedSchema, {
    name: b.name,
    scope: SCOPES[b.scope_type],
    // Meta phone number ids are digits; accept them as JSON numbers too.
    scopeId:
      b.scope_type === "project" ? null : typeof b.scope_id === "number" ? String(b.scope_id) : b.scope_id,
    allowedOrigins: b.allowed_origins ?? [],
    expiresAt: b.expires_at ?? null,
    defaultMode: b.default_mode ? MODES[b.default_mode] : undefined,
  });
}

/** The patch body; scope_type and scope_id are read so that a change to them can be refused by name. */
export const platformUpdateBody = envelope({
  name: z.unknown().optional(),
  scope_type: z.unknown().optional(),
  scope_id: z.unknown().optional(),
  allowed_origins: z.unknown().optional(),
  expires_at: z.unknown().optional(),
  default_mode: mode.optional(),
});

export function toUpdateInput(body: z.infer<typeof platformUpdateBody>, current: EmbedDto): UpdateEmbedInput {
  const b = body.inbox_embed;
  // Sending the current scope back (a client echoing the object) is not a change; anything else is.
  const sentId =
    b.scope_id === undefined
      ? undefined
      : b.scope_id === null || b.scope_id === ""
        ? null
        : String(b.scope_id);
  const typeChanged = b.scope_type !== undefined && b.scope_type !== SCOPE_OUT[current.scope];
  const idChanged = sentId !== undefined && sentId !== current.scopeId;
  if (typeChanged || idChanged) {
    throw new AppError("validation", "scope cannot be changed; create a new embed", {
      fields: { [typeChanged ? "inbox_embed.scope_type" : "inbox_embed.scope_id"]: "cannot be changed" },
    });
  }
  // JSON has no undefined: a key that is present is a change (null clears the expiry).
  return parseMapped(updateEmbedSchema, {
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.allowed_origins !== undefined ? { allowedOrigins: b.allowed_origins ?? [] } : {}),
    ...(b.expires_at !== undefined ? { expiresAt: b.expires_at } : {}),
    ...(b.default_mode ? { defaultMode: MODES[b.default_mode] } : {}),
  });
}

export interface PlatformEmbed {
  id: string;
  name: string;
  scope_type: "project" | "customer" | "phone_number";
  scope_id: string | null;
  scope_name: string;
  status: EmbedDto["status"];
  allowed_origins: string[];
  default_mode: "light" | "dark" | "system";
  expires_at: string | null;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

const SCOPE_OUT: Record<EmbedScope, PlatformEmbed["scope_type"]> = {
  PROJECT: "project",
  CUSTOMER: "customer",
  PHONE_NUMBER: "phone_number",
};
const MODE_OUT: Record<ThemeMode, PlatformEmbed["default_mode"]> = {
  LIGHT: "light",
  DARK: "dark",
  SYSTEM: "system",
};

/** The API object: never the token (only the create response adds it). */
export function toPlatformEmbed(e: EmbedDto): PlatformEmbed {
  return {
    id: e.id,
    name: e.name,
    scope_type: SCOPE_OUT[e.scope],
    scope_id: e.scopeId,
    scope_name: e.scopeName,
    status: e.status,
    allowed_origins: e.allowedOrigins,
    default_mode: MODE_OUT[e.defaultMode],
    expires_at: e.expiresAt,
    last_used_at: e.lastUsedAt,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

import { createHmac, randomBytes } from "node:crypto";

// Builders for Meta-shaped webhook payloads: the sandbox sends them, tests post them.
export const newWamid = () => `wamid.${randomBytes(30).toString("base64url")}`;
export const nowSeconds = () => String(Math.floor(Date.now() / 1000));

export interface NumberRef {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
}

export function signBody(body: string, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

export function messagesChange(
  n: NumberRef,
  value: { contacts?: unknown[]; messages?: unknown[]; statuses?: unknown[]; errors?: unknown[] },
) {
  return {
    field: "messages",
    value: {
      messaging_product: "whatsapp",
      metadata: {
        display_phone_number: n.displayPhoneNumber.replace(/\D/g, ""),
        phone_number_id: n.phoneNumberId,
      },
      ...value,
    },
  };
}

export function envelope(wabaId: string, changes: unknown[]) {
  return { object: "whatsapp_business_account", entry: [{ id: wabaId, changes }] };
}

export function customerContact(waId: string | undefined, name: string, userId?: string) {
  return { profile: { name }, ...(waId ? { wa_id: waId } : {}), ...(userId ? { user_id: userId } : {}) };
}

export function inbound(
  from: string | undefined,
  type: string,
  body: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return { ...(from ? { from } : {}), id: newWamid(), timestamp: nowSeconds(), type, ...body, ...extra };
}

export function status(
  wamid: string,
  st: "sent" | "delivered" | "read" | "failed",
  recipient: string,
  extra: Record<string, unknown> = {},
) {
  return { id: wamid, status: st, timestamp: nowSeconds(), recipient_id: recipient, ...extra };
}

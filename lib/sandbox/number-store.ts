import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { invalid, SandboxGraphError } from "./graph-error";
import { envelope } from "./payloads";
import { deliverWebhook, later } from "./webhooks";

// What Meta holds about a sandbox number beyond Switchboard's row: its verified name and a pending
// display-name change (reviewed like Meta does, answered by a `phone_number_name_update` webhook), and
// whether the app is subscribed to the account's webhooks (`/{waba}/subscribed_apps`).

interface State {
  verified_name?: string;
  name_status?: string;
  new_display_name?: string;
  new_name_status?: string;
  unsubscribed?: boolean;
}

export const SANDBOX_APP = { id: "1000000000000001", name: "Switchboard sandbox" };
export const SUBSCRIBED_FIELDS = [
  "messages",
  "message_template_status_update",
  "phone_number_quality_update",
];

async function read(phoneNumberId: string): Promise<State> {
  const row = await db().sandboxNumberState.findUnique({ where: { phoneNumberId } });
  return (row?.data as State | undefined) ?? {};
}

async function write(phoneNumberId: string, patch: State) {
  const data = { ...(await read(phoneNumberId)), ...patch } as Prisma.InputJsonObject;
  await db().sandboxNumberState.upsert({
    where: { phoneNumberId },
    update: { data },
    create: { phoneNumberId, data },
  });
}

/** GET /{phone_number_id}: Meta's fields for a sandbox number. */
export async function numberDto(n: { phoneNumberId: string; displayPhoneNumber: string; wabaId: string }) {
  const s = await read(n.phoneNumberId);
  return {
    id: n.phoneNumberId,
    display_phone_number: n.displayPhoneNumber,
    verified_name: s.verified_name ?? "Sandbox",
    quality_rating: "GREEN",
    code_verification_status: "VERIFIED",
    status: "CONNECTED",
    name_status: s.name_status ?? "APPROVED",
    ...(s.new_display_name
      ? { new_display_name: s.new_display_name, new_name_status: s.new_name_status }
      : {}),
    messaging_limit_tier: "TIER_1K",
    account_mode: "SANDBOX",
    throughput: { level: "STANDARD" },
    health_status: {
      can_send_message: "AVAILABLE",
      entities: [
        { entity_type: "PHONE_NUMBER", id: n.phoneNumberId, can_send_message: "AVAILABLE", errors: [] },
        { entity_type: "WABA", id: n.wabaId, can_send_message: "AVAILABLE", errors: [] },
      ],
    },
  };
}

/**
 * Meta's display-name guidelines, the part the sandbox reviews: at least 3 characters, no "WhatsApp",
 * no web address, not all capitals (beyond short acronyms), no emoji.
 */
export function reviewDisplayName(name: string): { approved: true } | { approved: false; reason: string } {
  if (name.trim().length < 3)
    return { approved: false, reason: "The display name is shorter than 3 characters." };
  if (/whats\s*app/i.test(name))
    return { approved: false, reason: 'The display name may not contain "WhatsApp".' };
  if (/(https?:\/\/|www\.|\.(com|net|org)\b)/i.test(name))
    return { approved: false, reason: "The display name may not contain a web address." };
  if (/\p{Extended_Pictographic}/u.test(name))
    return { approved: false, reason: "The display name may not contain emoji." };
  if (name.length > 5 && name === name.toUpperCase() && /[A-Z]/.test(name))
    return { approved: false, reason: "The display name may not be written in capitals only." };
  return { approved: true };
}

/** POST /{phone_number_id} with `new_display_name`: accepted for review; the decision comes by webhook. */
export async function requestDisplayName(number: NumberWithSecrets, name: unknown) {
  if (typeof name !== "string" || name.trim() === "") throw invalid("new_display_name", "is required");
  if (name.length > 512) throw invalid("new_display_name", "must be at most 512 characters");
  const s = await read(number.phoneNumberId);
  if (s.new_name_status === "PENDING_REVIEW")
    throw new SandboxGraphError(
      100,
      "Invalid parameter",
      "A display name change is already under review",
      400,
      2388089,
    );
  await write(number.phoneNumberId, { new_display_name: name, new_name_status: "PENDING_REVIEW" });
  later(env().SANDBOX_TEMPLATE_REVIEW_MS, async () => {
    const verdict = reviewDisplayName(name);
    await write(number.phoneNumberId, {
      new_name_status: verdict.approved ? "APPROVED" : "DECLINED",
      ...(verdict.approved ? { verified_name: name, name_status: "APPROVED" } : {}),
    });
    await deliverWebhook(
      number,
      envelope(number.wabaId, [
        {
          field: "phone_number_name_update",
          value: {
            display_phone_number: number.displayPhoneNumber,
            decision: verdict.approved ? "APPROVED" : "REJECTED",
            requested_verified_name: name,
            rejection_reason: verdict.approved ? null : verdict.reason,
          },
        },
      ]),
    );
  });
  return { success: true };
}

/** GET|POST|DELETE /{waba}/subscribed_apps. */
export async function subscribedApps(numbers: NumberWithSecrets[], method: string) {
  const first = numbers[0]!;
  if (method === "POST" || method === "DELETE") {
    for (const n of numbers) await write(n.phoneNumberId, { unsubscribed: method === "DELETE" });
    return { success: true };
  }
  const s = await read(first.phoneNumberId);
  return {
    data: s.unsubscribed
      ? []
      : [
          {
            whatsapp_business_api_data: { id: SANDBOX_APP.id, name: SANDBOX_APP.name },
            subscribed_fields: SUBSCRIBED_FIELDS,
          },
        ],
  };
}

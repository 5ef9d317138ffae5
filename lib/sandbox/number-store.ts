import "@/lib/server-only";
import { db } from "@/lib/db/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { invalid, SandboxGraphError } from "./graph-error";
import { armDisplayNameReview } from "./jobs";
import { readNumberState, writeNumberState } from "./number-state-store";

// What Meta holds about a sandbox number beyond Switchboard's row: its verified name and a pending
// display-name change (reviewed like Meta does, answered by a `phone_number_name_update` webhook), and
// whether the app is subscribed to the account's webhooks (`/{waba}/subscribed_apps`).

export const SANDBOX_APP = { id: "1000000000000001", name: "Switchboard sandbox" };
export const SUBSCRIBED_FIELDS = [
  "messages",
  "message_template_status_update",
  "phone_number_quality_update",
];

/** GET /{phone_number_id}: Meta's fields for a sandbox number. */
export async function numberDto(n: { phoneNumberId: string; displayPhoneNumber: string; wabaId: string }) {
  const s = await readNumberState(n.phoneNumberId);
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

/** POST /{phone_number_id} with `new_display_name`: accepted for review; the decision comes by webhook. */
export async function requestDisplayName(number: NumberWithSecrets, name: unknown) {
  if (typeof name !== "string" || name.trim() === "") throw invalid("new_display_name", "is required");
  if (name.length > 512) throw invalid("new_display_name", "must be at most 512 characters");
  const s = await readNumberState(number.phoneNumberId);
  if (s.new_name_status === "PENDING_REVIEW")
    throw new SandboxGraphError(
      100,
      "Invalid parameter",
      "A display name change is already under review",
      400,
      2388089,
    );
  // The request and its review (a durable timer) are stored together.
  const requestedAt = new Date().toISOString();
  await db().$transaction(async (tx) => {
    await writeNumberState(
      number.phoneNumberId,
      { new_display_name: name, new_name_status: "PENDING_REVIEW", new_name_requested_at: requestedAt },
      tx,
    );
    await armDisplayNameReview(number.phoneNumberId, requestedAt, tx);
  });
  return { success: true };
}

/** GET|POST|DELETE /{waba}/subscribed_apps. */
export async function subscribedApps(numbers: NumberWithSecrets[], method: string) {
  const first = numbers[0]!;
  if (method === "POST" || method === "DELETE") {
    for (const n of numbers) await writeNumberState(n.phoneNumberId, { unsubscribed: method === "DELETE" });
    return { success: true };
  }
  const s = await readNumberState(first.phoneNumberId);
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

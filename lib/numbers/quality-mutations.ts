import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { forgetNumber, type NumberWithSecrets } from "./credentials";
import { applyNameDecision } from "./display-name-mutations";

// Meta's number webhooks (quality, display-name decisions), routed here by the webhook door.

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Quality and display-name decisions from Meta update the number. */
export async function applyNumberUpdate(
  number: NumberWithSecrets,
  field: string,
  value: Record<string, unknown>,
): Promise<void> {
  const digits = (s: unknown) => String(s ?? "").replace(/\D/g, "");
  if (value.display_phone_number && digits(value.display_phone_number) !== digits(number.displayPhoneNumber))
    return;
  const data: Prisma.PhoneNumberUpdateInput = {};
  if (field === "phone_number_quality_update") {
    data.messagingLimitTier = str(value.max_daily_conversations_per_business) ?? str(value.current_limit);
    if (value.event === "FLAGGED") data.qualityRating = "RED";
    if (value.event === "UNFLAGGED") data.qualityRating = "GREEN";
  } else if (value.decision === "APPROVED" && value.requested_verified_name) {
    data.verifiedName = str(value.requested_verified_name);
  }
  const nameDecision = field === "phone_number_name_update";
  if (Object.keys(data).length === 0 && !nameDecision) return;
  await db().$transaction(async (tx) => {
    if (Object.keys(data).length > 0) await tx.phoneNumber.update({ where: { id: number.id }, data });
    if (nameDecision) await applyNameDecision(tx, number.id, value);
    await emit(tx, number.projectId, "whatsapp.phone_number.updated", {
      phoneNumberId: number.id,
      field,
      event: str(value.event) ?? "",
    });
  });
  forgetNumber(number.phoneNumberId);
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { checkTemplate } from "@/lib/templates/rules";
import { readNumberState, writeNumberState } from "./number-state-store";
import { envelope } from "./payloads";
import { deliverWebhook } from "./webhooks";

// Meta's reviews, simulated (templates, display names), as the durable jobs lib/sandbox/jobs.ts runs: the
// verdict is written and its webhooks are delivered in the job's own transaction, so a restart, a kill or
// a failed delivery leaves the request pending with its job still due (retried), never pending forever.

type Obj = Record<string, unknown>;

// Promotional wording in a UTILITY template: Meta's review moves or rejects such templates.
const PROMOTIONAL = /\b(sale|discount|% off|offer|deal|coupon|promo(tion)?|buy now|limited time)\b/i;

/**
 * Meta's review, simulated: what its reviewers reject although the payload is well formed. A body that
 * starts or ends with a variable, or has two side by side, is INVALID_FORMAT (2388299); promotional
 * wording in a UTILITY template is INCORRECT_CATEGORY. Everything else is approved.
 */
export function review(payload: Obj): {
  status: "APPROVED" | "REJECTED";
  reason?: string;
  recommendation?: string;
} {
  const warnings = checkTemplate(payload).filter((p) => p.severity === "warning");
  if (warnings[0])
    return { status: "REJECTED", reason: "INVALID_FORMAT", recommendation: warnings[0].message };
  const text = JSON.stringify(payload.components ?? []);
  if (String(payload.category).toUpperCase() === "UTILITY" && PROMOTIONAL.test(text))
    return {
      status: "REJECTED",
      reason: "INCORRECT_CATEGORY",
      recommendation: "The template promotes something: submit it as MARKETING.",
    };
  return { status: "APPROVED" };
}

/** The revision a review is armed for: the row as it was submitted (an edit makes a new one). */
export const revisionOf = (t: { updatedAt: Date }) => t.updatedAt.toISOString();

async function deliver(number: Parameters<typeof deliverWebhook>[0], wabaId: string, change: Obj) {
  const status = await deliverWebhook(number, envelope(wabaId, [change]));
  // The receiver stores the event before it answers 200; anything else is retried with the verdict.
  if (status < 200 || status >= 300) throw new Error(`the webhook receiver answered ${status}`);
}

/**
 * Reviews one submitted revision of a sandbox template: decides, records the verdict and delivers Meta's
 * `message_template_status_update` (and the first quality score when approved) before `tx` commits. A
 * template deleted, edited again or already reviewed since is left alone ("superseded").
 */
export async function reviewTemplate(
  tx: Prisma.TransactionClient,
  templateId: string,
  revision: string,
): Promise<"approved" | "rejected" | "superseded"> {
  const t = await tx.sandboxTemplate.findUnique({ where: { id: templateId } });
  if (!t) return "superseded";
  if (t.status !== "PENDING" || revisionOf(t) !== revision) return "superseded";
  const verdict = review({
    name: t.name,
    language: t.language,
    category: t.category,
    parameter_format: t.parameterFormat,
    components: t.components,
  });
  // Fenced on the revision: an edit that commits first wins, and this review is then void.
  const row = await tx.sandboxTemplate.updateMany({
    where: { id: t.id, status: "PENDING", updatedAt: t.updatedAt },
    data: { status: verdict.status, rejectedReason: verdict.reason ?? null },
  });
  if (row.count === 0) return "superseded";
  const [number] = await numbersByWaba(t.wabaId);
  if (number) {
    await deliver(number, t.wabaId, {
      field: "message_template_status_update",
      value: {
        event: verdict.status,
        message_template_id: Number(t.id),
        message_template_name: t.name,
        message_template_language: t.language,
        message_template_category: t.category,
        reason: verdict.reason ?? "NONE",
        ...(verdict.reason
          ? { rejection_info: { reason: verdict.reason, recommendation: verdict.recommendation ?? "" } }
          : {}),
      },
    });
    if (verdict.status === "APPROVED")
      await deliver(number, t.wabaId, {
        field: "message_template_quality_update",
        value: {
          previous_quality_score: "UNKNOWN",
          new_quality_score: "GREEN",
          message_template_id: Number(t.id),
          message_template_name: t.name,
          message_template_language: t.language,
        },
      });
  }
  return verdict.status === "APPROVED" ? "approved" : "rejected";
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

/**
 * Reviews a display-name request (the one made at `requestedAt`): records Meta's decision and delivers
 * its `phone_number_name_update` before `tx` commits. A request replaced since is left alone.
 */
export async function reviewDisplayNameRequest(
  tx: Prisma.TransactionClient,
  phoneNumberId: string,
  requestedAt: string,
): Promise<"approved" | "declined" | "superseded"> {
  // Row-locked, so a new request cannot slip in between this read and the verdict's write.
  await tx.$queryRaw`SELECT 1 FROM "SandboxNumberState" WHERE "phoneNumberId" = ${phoneNumberId} FOR UPDATE`;
  const s = await readNumberState(phoneNumberId, tx);
  const name = s.new_display_name;
  if (s.new_name_status !== "PENDING_REVIEW" || s.new_name_requested_at !== requestedAt || !name)
    return "superseded";
  const verdict = reviewDisplayName(name);
  await writeNumberState(
    phoneNumberId,
    {
      new_name_status: verdict.approved ? "APPROVED" : "DECLINED",
      ...(verdict.approved ? { verified_name: name, name_status: "APPROVED" } : {}),
    },
    tx,
  );
  const number = await numberByMetaId(phoneNumberId);
  if (number)
    await deliver(number, number.wabaId, {
      field: "phone_number_name_update",
      value: {
        display_phone_number: number.displayPhoneNumber,
        decision: verdict.approved ? "APPROVED" : "REJECTED",
        requested_verified_name: name,
        rejection_reason: verdict.approved ? null : verdict.reason,
      },
    });
  return verdict.approved ? "approved" : "declined";
}

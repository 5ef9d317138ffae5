import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { GraphError, graph } from "@/lib/meta/client";
import { projectNumber } from "./credentials";

// Display-name change requests (Kapso's display_name_requests): submitted to Meta, then followed by the
// `phone_number_name_update` webhook: submitted → pending_review → approved → applied, or declined with
// Meta's error.

export interface DisplayNameRequestDto {
  id: string;
  phone_number_id: string;
  requested_display_name: string;
  previous_display_name: string | null;
  status: string;
  submitted_at: string;
  reviewed_at: string | null;
  applied_at: string | null;
  meta_error_code: number | null;
  meta_error_subcode: number | null;
  meta_error_type: string | null;
  meta_error_message: string | null;
}

type Row = Prisma.DisplayNameRequestGetPayload<object>;

export function displayNameDto(r: Row, metaPhoneNumberId: string): DisplayNameRequestDto {
  return {
    id: r.id,
    phone_number_id: metaPhoneNumberId,
    requested_display_name: r.requestedDisplayName,
    previous_display_name: r.previousDisplayName,
    status: r.status,
    submitted_at: r.submittedAt.toISOString(),
    reviewed_at: r.reviewedAt?.toISOString() ?? null,
    applied_at: r.appliedAt?.toISOString() ?? null,
    meta_error_code: r.metaErrorCode,
    meta_error_subcode: r.metaErrorSubcode,
    meta_error_type: r.metaErrorType,
    meta_error_message: r.metaErrorMessage,
  };
}

export async function submitDisplayName(
  scope: Scope,
  actor: Actor,
  input: { numberId: string; name: string },
): Promise<DisplayNameRequestDto> {
  const n = await projectNumber(scope.projectId, input.numberId);
  if (!n) throw new AppError("not_found", "Number not found.");
  const current = await db().phoneNumber.findUniqueOrThrow({
    where: { id: n.id },
    select: { verifiedName: true },
  });
  const pending = await db().displayNameRequest.findFirst({
    where: { phoneNumberId: n.id, status: { in: ["submitted", "pending_review"] } },
    select: { id: true },
  });
  if (pending)
    throw new AppError("conflict", "A display-name change is already under review for this number.");
  const row = await db().$transaction(async (tx) => {
    const r = await tx.displayNameRequest.create({
      data: {
        projectId: scope.projectId,
        phoneNumberId: n.id,
        requestedDisplayName: input.name,
        previousDisplayName: current.verifiedName || null,
        status: "submitted",
      },
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "number.display_name_requested",
      targetType: "phone_number",
      targetId: n.id,
      data: { name: input.name },
    });
    return r;
  });
  let updated: Row;
  try {
    await graph(n, "POST", n.phoneNumberId, { body: { new_display_name: input.name }, attempts: 1 });
    updated = await db().displayNameRequest.update({
      where: { id: row.id },
      data: { status: "pending_review" },
    });
  } catch (e) {
    const p = e instanceof GraphError ? e.problem : null;
    updated = await db().displayNameRequest.update({
      where: { id: row.id },
      data: {
        status: "declined",
        reviewedAt: new Date(),
        metaErrorCode: p?.code ?? null,
        metaErrorSubcode: p?.subcode ?? null,
        metaErrorType: p ? "OAuthException" : null,
        metaErrorMessage: p?.details ?? p?.action ?? (e as Error).message,
      },
    });
  }
  return displayNameDto(updated, n.phoneNumberId);
}

/** Meta's decision (phone_number_name_update), inside the webhook's transaction. */
export async function applyNameDecision(
  tx: Prisma.TransactionClient,
  numberId: string,
  value: Record<string, unknown>,
): Promise<void> {
  const name = typeof value.requested_verified_name === "string" ? value.requested_verified_name : null;
  const req = await tx.displayNameRequest.findFirst({
    where: {
      phoneNumberId: numberId,
      status: { in: ["submitted", "pending_review"] },
      ...(name ? { requestedDisplayName: name } : {}),
    },
    orderBy: { submittedAt: "desc" },
  });
  if (!req) return;
  const now = new Date();
  if (value.decision === "APPROVED")
    // Meta applies an approved name at once: the number's verified name is updated in the same transaction.
    await tx.displayNameRequest.update({
      where: { id: req.id },
      data: { status: "applied", reviewedAt: now, appliedAt: now },
    });
  else if (value.decision === "REJECTED")
    await tx.displayNameRequest.update({
      where: { id: req.id },
      data: {
        status: "declined",
        reviewedAt: now,
        metaErrorMessage:
          typeof value.rejection_reason === "string" ? value.rejection_reason : "Meta declined the name.",
      },
    });
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, actorUserId, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { type BroadcastDto, getBroadcast } from "./data";
import { enqueueSend, scheduleSend } from "./jobs";
import {
  checkRecipients,
  MAX_RECIPIENTS_PER_REQUEST,
  type RecipientError,
  templateNeeds,
} from "./recipients";

type Tx = Prisma.TransactionClient;

/** Creates a draft for a number and one of its WhatsApp Business Account's approved templates. */
export async function createBroadcast(
  scope: Scope,
  actor: Actor,
  input: { name: string; numberId: string; templateId: string },
): Promise<BroadcastDto> {
  const { projectId } = scope;
  // Our id or Meta's phone_number_id.
  const number = await db().phoneNumber.findFirst({
    where: { projectId, OR: [{ id: input.numberId }, { phoneNumberId: input.numberId }] },
    select: { id: true, wabaId: true },
  });
  if (!number)
    throw new AppError("validation", "phone_number_id: not a number of this project", {
      fields: { numberId: "Not a number of this project" },
    });
  const template = await db().messageTemplate.findFirst({
    where: { projectId, OR: [{ id: input.templateId }, { metaTemplateId: input.templateId }] },
    select: { id: true, name: true, language: true, status: true, wabaId: true },
  });
  if (!template)
    throw new AppError("validation", "whatsapp_template_id: not a template of this project", {
      fields: { templateId: "Unknown template" },
    });
  if (template.wabaId !== number.wabaId)
    throw new AppError(
      "validation",
      "whatsapp_template_id: the template belongs to another WhatsApp Business Account than the number",
      {
        fields: { templateId: "Not on this number's account" },
      },
    );
  if (template.status !== "APPROVED")
    throw new AppError(
      "validation",
      `whatsapp_template_id: the template is ${template.status.toLowerCase()}, not approved`,
      {
        fields: { templateId: "Not approved" },
      },
    );
  const b = await db().$transaction(async (tx) => {
    const created = await tx.broadcast.create({
      data: {
        projectId,
        phoneNumberId: number.id,
        templateId: template.id,
        templateName: template.name,
        templateLanguage: template.language,
        name: input.name,
        createdById: actorUserId(actor),
      },
      select: { id: true },
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "broadcast.created",
      targetType: "broadcast",
      targetId: created.id,
      data: { name: input.name },
    });
    return created;
  });
  return getBroadcast(projectId, b.id);
}

async function lockBroadcast(tx: Tx, projectId: string, broadcastId: string) {
  const [b] = await tx.$queryRaw<{ id: string; status: string; runGeneration: number; templateId: string }[]>`
    SELECT id, status, "runGeneration", "templateId" FROM "Broadcast"
    WHERE id = ${broadcastId} AND "projectId" = ${projectId} FOR UPDATE`;
  if (!b) throw new AppError("not_found", "Broadcast not found.");
  return b;
}

export interface AddRecipientsResult {
  added: number;
  duplicates: number;
  errors: RecipientError[];
}

/** Adds up to 1,000 recipients to a draft or scheduled broadcast; numbers already on it are duplicates. */
export async function addRecipients(
  scope: Scope,
  actor: Actor,
  input: { broadcastId: string; recipients: Record<string, unknown>[] },
): Promise<AddRecipientsResult> {
  const { projectId } = scope;
  if (input.recipients.length > MAX_RECIPIENTS_PER_REQUEST)
    throw new AppError("validation", `recipients: at most ${MAX_RECIPIENTS_PER_REQUEST} per request`, {
      fields: { recipients: "Too many" },
    });
  return db().$transaction(
    async (tx) => {
      const b = await lockBroadcast(tx, projectId, input.broadcastId);
      if (b.status !== "DRAFT" && b.status !== "SCHEDULED")
        throw new AppError(
          "conflict",
          `Recipients can be added to a draft or scheduled broadcast; this one is ${b.status.toLowerCase()}.`,
        );
      const template = await tx.messageTemplate.findUnique({
        where: { id: b.templateId },
        select: { components: true },
      });
      const checked = checkRecipients(input.recipients, templateNeeds(template?.components ?? []));
      const created = checked.valid.length
        ? await tx.broadcastRecipient.createMany({
            data: checked.valid.map((r) => ({
              broadcastId: b.id,
              phone: r.phone,
              components: r.components as Prisma.InputJsonArray,
            })),
            skipDuplicates: true,
          })
        : { count: 0 };
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "broadcast.recipients_added",
        targetType: "broadcast",
        targetId: b.id,
        data: { added: created.count },
      });
      return {
        added: created.count,
        duplicates: checked.duplicates + (checked.valid.length - created.count),
        errors: checked.errors,
      };
      // 1,000 rows in one transaction: allowed more than the default 5 s on a loaded machine.
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

async function needsRecipients(tx: Tx, broadcastId: string) {
  const n = await tx.broadcastRecipient.count({ where: { broadcastId } });
  if (n === 0)
    throw new AppError("validation", "Add recipients before sending.", {
      fields: { recipients: "None yet" },
    });
}

/** Sends now: draft or scheduled → sending; the sending job is queued in the same transaction. */
export async function sendBroadcast(
  scope: Scope,
  actor: Actor,
  { broadcastId }: { broadcastId: string },
): Promise<BroadcastDto> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const b = await lockBroadcast(tx, projectId, broadcastId);
    if (b.status !== "DRAFT" && b.status !== "SCHEDULED")
      throw new AppError(
        "conflict",
        `Only a draft or scheduled broadcast can be sent; this one is ${b.status.toLowerCase()}.`,
      );
    await needsRecipients(tx, b.id);
    const generation = b.runGeneration + 1;
    await tx.broadcast.update({
      where: { id: b.id },
      data: { status: "SENDING", startedAt: new Date(), scheduledAt: null, runGeneration: generation },
    });
    await enqueueSend(b.id, generation, tx);
    await emit(tx, projectId, "broadcast.updated", { broadcastId: b.id, status: "sending" });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "broadcast.sent",
      targetType: "broadcast",
      targetId: b.id,
    });
  });
  return getBroadcast(projectId, broadcastId);
}

const MAX_SCHEDULE_MS = 7 * 86_400_000;

/** Schedules a draft (or moves a schedule): it starts sending at `scheduledAt`, up to 7 days ahead. */
export async function scheduleBroadcast(
  scope: Scope,
  actor: Actor,
  { broadcastId, scheduledAt }: { broadcastId: string; scheduledAt: Date },
): Promise<BroadcastDto> {
  const { projectId } = scope;
  const ms = scheduledAt.getTime() - Date.now();
  if (!(ms > 0))
    throw new AppError("validation", "scheduled_at: must be in the future", {
      fields: { scheduledAt: "In the past" },
    });
  if (ms > MAX_SCHEDULE_MS)
    throw new AppError("validation", "scheduled_at: at most 7 days ahead", {
      fields: { scheduledAt: "Too far ahead" },
    });
  await db().$transaction(async (tx) => {
    const b = await lockBroadcast(tx, projectId, broadcastId);
    if (b.status !== "DRAFT" && b.status !== "SCHEDULED")
      throw new AppError("conflict", `Only a draft can be scheduled; this one is ${b.status.toLowerCase()}.`);
    await needsRecipients(tx, b.id);
    const generation = b.runGeneration + 1;
    await tx.broadcast.update({
      where: { id: b.id },
      data: { status: "SCHEDULED", scheduledAt, runGeneration: generation },
    });
    await scheduleSend(b.id, generation, scheduledAt, tx);
    await emit(tx, projectId, "broadcast.updated", { broadcastId: b.id, status: "scheduled" });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "broadcast.scheduled",
      targetType: "broadcast",
      targetId: b.id,
      data: { scheduledAt: scheduledAt.toISOString() },
    });
  });
  return getBroadcast(projectId, broadcastId);
}

/**
 * Cancels: a scheduled broadcast goes back to draft (Kapso), a sending one stops and its unsent
 * recipients are skipped. Sends already handed to WhatsApp are not recalled.
 */
export async function cancelBroadcast(
  scope: Scope,
  actor: Actor,
  { broadcastId }: { broadcastId: string },
): Promise<BroadcastDto> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const b = await lockBroadcast(tx, projectId, broadcastId);
    if (b.status === "SCHEDULED") {
      await tx.broadcast.update({
        where: { id: b.id },
        data: { status: "DRAFT", scheduledAt: null, runGeneration: b.runGeneration + 1 },
      });
    } else if (b.status === "SENDING") {
      await tx.broadcast.update({
        where: { id: b.id },
        data: { status: "CANCELLED", completedAt: new Date(), runGeneration: b.runGeneration + 1 },
      });
      await tx.broadcastRecipient.updateMany({
        where: { broadcastId: b.id, status: "PENDING" },
        data: { status: "SKIPPED" },
      });
    } else
      throw new AppError(
        "conflict",
        `Only a scheduled or sending broadcast can be cancelled; this one is ${b.status.toLowerCase()}.`,
      );
    await emit(tx, projectId, "broadcast.updated", {
      broadcastId: b.id,
      status: b.status === "SCHEDULED" ? "draft" : "cancelled",
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "broadcast.cancelled",
      targetType: "broadcast",
      targetId: b.id,
    });
  });
  return getBroadcast(projectId, broadcastId);
}

import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "./actor";
import type { TriggerFields, TriggerType } from "./schema";

// Triggers are stored and managed here; the engine issue fires them. The one-active-per-number rules
// live in partial unique indexes (see schema.prisma); the checks below only exist to word the 409.

export interface TriggerDto {
  id: string;
  workflowId: string;
  type: TriggerType;
  /** Null for API_CALL and for "any number" event triggers. */
  phoneNumber: { id: string; phoneNumberId: string; displayPhoneNumber: string; verifiedName: string } | null;
  eventType: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const select = {
  id: true,
  workflowId: true,
  type: true,
  eventType: true,
  active: true,
  createdAt: true,
  updatedAt: true,
  phoneNumber: { select: { id: true, phoneNumberId: true, displayPhoneNumber: true, verifiedName: true } },
} as const;

type Row = Prisma.WorkflowTriggerGetPayload<{ select: typeof select }>;

const toDto = (r: Row): TriggerDto => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const triggerNotFound = () => new AppError("not_found", "Trigger not found.");

export async function listTriggers(projectId: ProjectId, workflowId: string): Promise<TriggerDto[]> {
  const rows = await db().workflowTrigger.findMany({
    where: { projectId, workflowId },
    orderBy: { createdAt: "asc" },
    select,
  });
  return rows.map(toDto);
}

export async function getTrigger(
  projectId: ProjectId,
  triggerId: string,
  workflowId?: string,
): Promise<TriggerDto> {
  const row = await db().workflowTrigger.findFirst({
    where: { id: triggerId, projectId, ...(workflowId ? { workflowId } : {}) },
    select,
  });
  if (!row) throw triggerNotFound();
  return toDto(row);
}

interface Slot {
  type: TriggerType;
  phoneNumberId: string | null;
  eventType: string | null;
}

/** The active trigger that already occupies a slot, if any, with the workflow holding it. */
async function holderOf(tx: Prisma.TransactionClient, projectId: ProjectId, slot: Slot, exceptId?: string) {
  if (slot.type === "API_CALL") return null;
  return tx.workflowTrigger.findFirst({
    where: {
      projectId,
      type: slot.type,
      active: true,
      phoneNumberId: slot.phoneNumberId,
      ...(slot.type === "WHATSAPP_EVENT" ? { eventType: slot.eventType } : {}),
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: {
      workflow: { select: { id: true, name: true } },
      phoneNumber: { select: { displayPhoneNumber: true } },
    },
  });
}

function slotTaken(slot: Slot, holder: NonNullable<Awaited<ReturnType<typeof holderOf>>>): AppError {
  const number = holder.phoneNumber?.displayPhoneNumber ?? "any number";
  const message =
    slot.type === "INBOUND_MESSAGE"
      ? `${number} already starts the workflow "${holder.workflow.name}" on inbound messages. Only one workflow can answer a number: deactivate that trigger first.`
      : `The workflow "${holder.workflow.name}" already runs on ${slot.eventType} for ${number}. Only one workflow per event and number: deactivate that trigger first.`;
  return new AppError("conflict", message, {
    details: { workflowId: holder.workflow.id, workflowName: holder.workflow.name },
  });
}

/**
 * Runs a write that may take a trigger slot. The pre-check words the usual conflict; when two writes race
 * past it, the unique index rejects the loser and we look up the winner to word the same message.
 */
async function occupying<T>(
  projectId: ProjectId,
  slot: Slot,
  active: boolean,
  exceptId: string | undefined,
  write: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  try {
    return await db().$transaction(async (tx) => {
      if (active) {
        const holder = await holderOf(tx, projectId, slot, exceptId);
        if (holder) throw slotTaken(slot, holder);
      }
      return write(tx);
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const holder = await holderOf(db(), projectId, slot, exceptId);
    if (holder) throw slotTaken(slot, holder);
    throw new AppError(
      "conflict",
      "Another trigger took this number at the same moment. Reload and try again.",
    );
  }
}

/** Our PhoneNumber id from either our id or Meta's phone_number_id, checked to belong to the project. */
export async function projectNumberId(
  projectId: ProjectId,
  ref: { id?: string; metaId?: string },
  field: string,
): Promise<string> {
  const row = await db().phoneNumber.findFirst({
    where: { projectId, ...(ref.metaId ? { phoneNumberId: ref.metaId } : { id: ref.id }) },
    select: { id: true },
  });
  if (!row) {
    throw new AppError("validation", `${field}: that phone number is not in this project`, {
      fields: { [field]: "That phone number is not in this project" },
    });
  }
  return row.id;
}

export async function createTrigger(
  scope: Scope,
  actor: Actor,
  {
    workflowId,
    trigger: fields,
    numberField = "phoneNumberId",
  }: {
    workflowId: string;
    trigger: TriggerFields;
    /** Which input field named the number, so a foreign number's 422 names it (API: phone_number_id). */
    numberField?: string;
  },
): Promise<TriggerDto> {
  const { projectId } = scope;
  const workflow = await db().workflow.findFirst({
    where: { id: workflowId, projectId },
    select: { status: true },
  });
  if (!workflow) throw new AppError("not_found", "Workflow not found.");
  if (workflow.status === "ARCHIVED" && fields.active) {
    throw new AppError(
      "validation",
      "This workflow is archived: unarchive it before adding active triggers.",
    );
  }
  const rawNumber = fields.type === "API_CALL" ? null : (fields.phoneNumberId ?? null);
  const phoneNumberId = rawNumber ? await projectNumberId(projectId, { id: rawNumber }, numberField) : null;
  const slot: Slot = {
    type: fields.type,
    phoneNumberId,
    eventType: fields.type === "WHATSAPP_EVENT" ? fields.eventType : null,
  };
  return occupying(projectId, slot, fields.active, undefined, async (tx) => {
    const row = await tx.workflowTrigger.create({
      data: { projectId, workflowId, ...slot, active: fields.active },
      select,
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "workflow.trigger_created",
      targetType: "workflow_trigger",
      targetId: row.id,
      data: { workflowId, ...slot, active: fields.active },
    });
    return toDto(row);
  });
}

export async function setTriggerActive(
  scope: Scope,
  actor: Actor,
  { triggerId, active, workflowId }: { triggerId: string; active: boolean; workflowId?: string },
): Promise<TriggerDto> {
  const { projectId } = scope;
  const current = await db().workflowTrigger.findFirst({
    where: { id: triggerId, projectId, ...(workflowId ? { workflowId } : {}) },
    select: { type: true, phoneNumberId: true, eventType: true, workflow: { select: { status: true } } },
  });
  if (!current) throw triggerNotFound();
  if (active && current.workflow.status === "ARCHIVED") {
    throw new AppError(
      "validation",
      "This workflow is archived: unarchive it before activating its triggers.",
    );
  }
  return occupying(projectId, current, active, triggerId, async (tx) => {
    const r = await tx.workflowTrigger.updateMany({ where: { id: triggerId, projectId }, data: { active } });
    if (r.count === 0) throw triggerNotFound();
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: active ? "workflow.trigger_activated" : "workflow.trigger_deactivated",
      targetType: "workflow_trigger",
      targetId: triggerId,
    });
    return toDto(await tx.workflowTrigger.findUniqueOrThrow({ where: { id: triggerId }, select }));
  });
}

export async function deleteTrigger(
  scope: Scope,
  actor: Actor,
  { triggerId, workflowId }: { triggerId: string; workflowId?: string },
): Promise<void> {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const r = await tx.workflowTrigger.deleteMany({
      where: { id: triggerId, projectId, ...(workflowId ? { workflowId } : {}) },
    });
    if (r.count === 0) throw triggerNotFound();
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "workflow.trigger_deleted",
      targetType: "workflow_trigger",
      targetId: triggerId,
      data: { workflowId: workflowId ?? null },
    });
  });
}

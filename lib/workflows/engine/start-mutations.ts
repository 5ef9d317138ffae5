import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { emit } from "@/lib/events/outbox";
import { asJson, definitionOf, type Json, recordEvents, requestAdvance, type Tx } from "./execution-store";
import { startNode } from "./graph";

// Starting an execution: its row, its first event and the runner's wake-up in the caller's transaction;
// and an API-started execution taking the conversation it has just written to.

export interface StartInput {
  projectId: string;
  workflowId: string;
  triggerType: "inbound_message" | "whatsapp_event" | "api_call" | "call";
  conversationId?: string | null;
  /** Our PhoneNumber id. */
  phoneNumberId?: string | null;
  contactPhone?: string | null;
  vars?: Json;
  context?: Json;
  metadata?: Json;
  system?: Json;
  lastUserInput?: string | null;
  observer?: boolean;
  apiKeyId?: string | null;
  parent?: { id: string; stepCount: number; callDepth: number; callStack: string[] };
}

/**
 * Starts an execution of the workflow's published version, or returns null when it has none (not
 * active). The runner is queued in the same transaction.
 */
export async function startExecution(
  tx: Tx,
  input: StartInput,
): Promise<{ id: string; trackingId: string } | null> {
  const wf = await tx.workflow.findFirst({
    where: { id: input.workflowId, projectId: input.projectId, status: "ACTIVE" },
    select: { name: true, publishedVersion: { select: { id: true, version: true } } },
  });
  if (!wf?.publishedVersion) return null;
  const def = await definitionOf(wf.publishedVersion.id, tx);
  const start = startNode(def);
  const number = input.phoneNumberId
    ? await tx.phoneNumber.findFirst({
        where: { id: input.phoneNumberId, projectId: input.projectId },
        select: { id: true, kind: true, phoneNumberId: true, displayPhoneNumber: true, wabaId: true },
      })
    : null;
  const conversation = input.conversationId
    ? await tx.conversation.findFirst({
        where: { id: input.conversationId, projectId: input.projectId },
        select: { id: true, contact: { select: { waId: true, profileName: true, bsuid: true } } },
      })
    : null;
  const id = randomUUID();
  const trackingId = randomUUID();
  const now = new Date();
  const contactPhone =
    input.contactPhone ?? conversation?.contact.waId ?? conversation?.contact.bsuid ?? null;
  // Sandbox numbers run with the development values of ${ENV:…}, live numbers with production ones.
  const environment = number?.kind === "SANDBOX" ? "development" : "production";
  const observer = !!input.observer;
  const system: Json = {
    trigger_type: input.triggerType === "call" ? "call" : input.triggerType,
    workflow_id: input.workflowId,
    flow_name: wf.name,
    started_at: now.toISOString(),
    tracking_id: trackingId,
    execution_id: id,
    observer_mode: observer,
    allow_outbound: !observer,
    ...(number
      ? {
          whatsapp_config: {
            id: number.id,
            phone_number_id: number.phoneNumberId,
            display_phone_number: number.displayPhoneNumber,
            display_phone_number_normalized: number.displayPhoneNumber.replace(/\D/g, ""),
            business_account_id: number.wabaId,
          },
          trigger_whatsapp_config_id: number.id,
        }
      : {}),
    ...(input.apiKeyId ? { api_key_id: input.apiKeyId } : {}),
    ...input.system,
  };
  const context: Json = {
    channel: input.triggerType === "api_call" && !conversation ? "api" : "whatsapp",
    ...(contactPhone ? { phone_number: contactPhone } : {}),
    ...(conversation ? { conversation_id: conversation.id } : {}),
    ...(conversation
      ? { contact: { wa_id: conversation.contact.waId, profile_name: conversation.contact.profileName } }
      : {}),
    ...input.context,
  };
  const callStack = [...(input.parent?.callStack ?? []), input.workflowId];
  await tx.workflowExecution.create({
    data: {
      id,
      trackingId,
      projectId: input.projectId,
      workflowId: input.workflowId,
      workflowVersionId: wf.publishedVersion.id,
      version: wf.publishedVersion.version,
      status: "RUNNING",
      triggerType: input.triggerType,
      environment,
      observer,
      conversationId: conversation?.id ?? null,
      phoneNumberId: number?.id ?? null,
      contactPhone,
      parentExecutionId: input.parent?.id ?? null,
      parentStepCount: input.parent?.stepCount ?? null,
      callDepth: input.parent ? input.parent.callDepth + 1 : 0,
      callStack: asJson(callStack),
      vars: asJson(input.vars ?? {}),
      context: asJson(context),
      system: asJson(system),
      metadata: asJson(input.metadata ?? {}),
      lastUserInput: input.lastUserInput ?? null,
      currentNodeId: start?.id ?? null,
      startedAt: now,
      updatedAt: now,
    },
  });
  await recordEvents(tx, { id, projectId: input.projectId }, 0, [
    {
      type: "execution_started",
      nodeId: start?.id ?? null,
      nodeType: "start",
      payload: {
        trigger_type: input.triggerType,
        version: wf.publishedVersion.version,
        ...(input.lastUserInput ? { last_user_input: input.lastUserInput } : {}),
      },
      vars: input.vars ?? {},
    },
  ]);
  await emit(tx, input.projectId, "workflow.execution.started", {
    workflowId: input.workflowId,
    executionId: id,
    ...(conversation ? { conversationId: conversation.id } : {}),
    ...(number ? { phoneNumberId: number.id } : {}),
  });
  await requestAdvance(tx, id);
  return { id, trackingId };
}

/**
 * An execution started without a conversation (API trigger) that has just sent to the customer owns
 * that conversation from now on, so their replies come back to it, unless another execution holds it.
 */
export async function linkConversation(executionId: string, conversationId: string): Promise<boolean> {
  try {
    const r = await db().workflowExecution.updateMany({
      where: { id: executionId, conversationId: null, observer: false },
      data: { conversationId },
    });
    return r.count === 1;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false;
    throw e;
  }
}

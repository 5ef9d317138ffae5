import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { checkEgressUrlNow, EgressError } from "@/lib/egress/fetch";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { findNumber, getWebhook, type WebhookDto } from "./data";
import { deliverIds } from "./deliver";
import { eventsForScope, META_FORWARD_EVENT, NUMBER_EVENTS, PROJECT_EVENTS } from "./events";
import { deliverJob } from "./job-defs";
import { forgetMetaWebhooks } from "./meta-store";
import { sampleMetaEnvelope, samplePayload } from "./samples";
import type { CreateWebhookInput, UpdateWebhookInput } from "./schema";
import { newSecret, payloadHash } from "./signature";

function sealed(secret: string): string {
  return encryptSecret(secret, env().ENCRYPTION_KEY);
}

/**
 * A receiver the egress guard refuses whatever DNS says (a private or local IP literal, or localhost, not
 * on EGRESS_ALLOW_HOSTS) is refused when it is saved, not at every delivery after.
 */
function checkReceiver(url: string): void {
  try {
    checkEgressUrlNow(url);
  } catch (e) {
    if (!(e instanceof EgressError)) throw e;
    throw new AppError("validation", `url: ${e.message}`, { fields: { url: e.message } });
  }
}

/** Buffering is for a number's kapso webhook (its received messages): asked of any other, it is a 422. */
function checkBuffering(numberId: string | null, kind: string, bufferEnabled: boolean | undefined): void {
  if (bufferEnabled && (numberId === null || kind !== "kapso"))
    throw new AppError(
      "validation",
      "buffer_enabled: only a phone number's kapso webhook buffers (its received messages)",
      { fields: { buffer_enabled: "Only a phone number's kapso webhook can buffer" } },
    );
}

function checkEvents(scope: "number" | "project", kind: string, events: string[]): string[] {
  if (kind === "meta") return [];
  const allowed = eventsForScope(scope) as readonly string[];
  const wrong = events.filter((e) => !allowed.includes(e));
  if (wrong.length > 0)
    throw new AppError(
      "validation",
      `events: ${wrong.join(", ")} cannot be sent by a ${scope === "number" ? "phone-number" : "project"} webhook`,
      { fields: { events: `Allowed: ${allowed.join(", ")}` } },
    );
  if (events.length === 0)
    throw new AppError("validation", "events: choose at least one event", {
      fields: { events: "Choose at least one event" },
    });
  return [...new Set(events)];
}

/** Creates a webhook; the secret is returned once (only its ciphertext is kept). */
export async function createWebhook(
  scope: Scope,
  actor: Actor,
  input: CreateWebhookInput & { phoneNumber?: string },
): Promise<{ webhook: WebhookDto; secret: string }> {
  const { projectId } = scope;
  let numberId: string | null = null;
  if (input.phoneNumber) {
    const n = await findNumber(projectId, input.phoneNumber);
    if (!n) throw new AppError("not_found", `Phone number ${input.phoneNumber} was not found`);
    if (scope.numberIds && !scope.numberIds.includes(n.id))
      throw new AppError("not_found", `Phone number ${input.phoneNumber} was not found`);
    numberId = n.id;
  }
  if (input.kind === "meta") {
    // Meta's bodies are per number, and a number forwards to one place.
    if (!numberId)
      throw new AppError("validation", "kind: a meta webhook belongs to a phone number", {
        fields: { kind: "Create meta webhooks on a phone number" },
      });
    const taken = await db().webhook.findFirst({
      where: { kind: "meta", phoneNumberId: numberId },
      select: { id: true },
    });
    if (taken)
      throw new AppError("validation", "kind: this phone number already has a meta webhook", {
        fields: { kind: `Phone number ${input.phoneNumber} already has a meta webhook (${taken.id})` },
      });
  }
  checkReceiver(input.url);
  checkBuffering(numberId, input.kind, input.buffer_enabled);
  const events = checkEvents(numberId ? "number" : "project", input.kind, input.events);
  const secret = newSecret();
  const id = await db().$transaction(async (tx) => {
    const row = await tx.webhook.create({
      data: {
        projectId,
        phoneNumberId: numberId,
        kind: input.kind,
        url: input.url,
        events,
        headers: input.headers,
        active: input.active,
        payloadVersion: input.payload_version,
        bufferEnabled: input.buffer_enabled,
        bufferWindowSeconds: input.buffer_window_seconds,
        maxBufferSize: input.max_buffer_size,
        inactivityMinutes: input.inactivity_minutes,
        secretEnc: sealed(secret),
      },
      select: { id: true },
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "webhook.created",
      targetType: "webhook",
      targetId: row.id,
      data: { url: input.url, kind: input.kind, events },
    });
    return row.id;
  });
  if (input.kind === "meta") forgetMetaWebhooks();
  return { webhook: await getWebhook(projectId, id), secret };
}

async function own(projectId: ProjectId, id: string) {
  const w = await db().webhook.findFirst({ where: { id, projectId } });
  if (!w) throw new AppError("not_found", `Webhook ${id} was not found`);
  return w;
}

/** Changes a webhook. Turning it on again (active: true) also lifts an automatic pause. */
export async function updateWebhook(
  scope: Scope,
  actor: Actor,
  { webhookId, ...input }: UpdateWebhookInput & { webhookId: string },
): Promise<WebhookDto> {
  const w = await own(scope.projectId, webhookId);
  if (input.url !== undefined) checkReceiver(input.url);
  checkBuffering(w.phoneNumberId, w.kind, input.buffer_enabled);
  const events =
    input.events !== undefined
      ? checkEvents(w.phoneNumberId ? "number" : "project", w.kind, input.events)
      : undefined;
  const resume = input.active === true && (w.pausedAt !== null || !w.active);
  await db().$transaction(async (tx) => {
    await tx.webhook.update({
      where: { id: w.id },
      data: {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(input.headers !== undefined ? { headers: input.headers } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(resume ? { pausedAt: null, pausedReason: null, resumedAt: new Date() } : {}),
        ...(input.payload_version !== undefined ? { payloadVersion: input.payload_version } : {}),
        ...(input.buffer_enabled !== undefined ? { bufferEnabled: input.buffer_enabled } : {}),
        ...(input.buffer_window_seconds !== undefined
          ? { bufferWindowSeconds: input.buffer_window_seconds }
          : {}),
        ...(input.max_buffer_size !== undefined ? { maxBufferSize: input.max_buffer_size } : {}),
        ...(input.inactivity_minutes !== undefined ? { inactivityMinutes: input.inactivity_minutes } : {}),
      },
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: resume ? "webhook.resumed" : "webhook.updated",
      targetType: "webhook",
      targetId: w.id,
      data: { fields: Object.keys(input) },
    });
    if (resume) {
      // What waited while it was paused goes now.
      const waiting = await tx.webhookDelivery.findMany({
        where: { webhookId: w.id, status: { in: ["pending", "retrying"] } },
        select: { id: true },
        take: 1000,
      });
      if (waiting.length > 0) await enqueue(deliverJob, { ids: waiting.map((d) => d.id) }, {}, tx);
    }
  });
  return getWebhook(scope.projectId, w.id);
}

export async function deleteWebhook(
  scope: Scope,
  actor: Actor,
  { webhookId }: { webhookId: string },
): Promise<void> {
  const w = await own(scope.projectId, webhookId);
  await db().$transaction(async (tx) => {
    await tx.webhook.delete({ where: { id: w.id } });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: w.id,
      data: { url: w.url },
    });
  });
  if (w.kind === "meta") forgetMetaWebhooks();
}

/** A new secret, returned once; deliveries from now on are signed with it. */
export async function rotateSecret(
  scope: Scope,
  actor: Actor,
  { webhookId }: { webhookId: string },
): Promise<{ secret: string }> {
  const w = await own(scope.projectId, webhookId);
  const secret = newSecret();
  await db().$transaction(async (tx) => {
    await tx.webhook.update({ where: { id: w.id }, data: { secretEnc: sealed(secret) } });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "webhook.secret_rotated",
      targetType: "webhook",
      targetId: w.id,
      data: {},
    });
  });
  return { secret };
}

/** Sends a sample event of any type now and answers with the receiver's verdict. */
export async function sendTestEvent(
  scope: Scope,
  _actor: Actor,
  { webhookId, eventType }: { webhookId: string; eventType: string },
): Promise<{ success: boolean; status_code: number | null; error: string | null; delivery_id: string }> {
  const w = await own(scope.projectId, webhookId);
  const allowed = [...NUMBER_EVENTS, ...PROJECT_EVENTS] as readonly string[];
  if (!allowed.includes(eventType))
    throw new AppError("validation", "event_type: not a webhook event", {
      fields: { event_type: "Not a webhook event" },
    });
  if (!w.active || w.pausedAt)
    throw new AppError(
      "conflict",
      "The webhook is paused or disabled: enable it before sending a test event",
    );
  const number = w.phoneNumberId
    ? await db().phoneNumber.findUnique({
        where: { id: w.phoneNumberId },
        select: { phoneNumberId: true, displayPhoneNumber: true, wabaId: true },
      })
    : null;
  const id = randomUUID();
  // A meta webhook is sent what it forwards: a Meta envelope, keyed by its SHA-256.
  const meta = w.kind === "meta";
  const body = JSON.stringify(
    meta
      ? sampleMetaEnvelope(number)
      : samplePayload(eventType, w.payloadVersion === "v1" ? "v1" : "v2", number),
  );
  await db().webhookDelivery.create({
    data: {
      id,
      projectId: w.projectId,
      webhookId: w.id,
      eventType: meta ? META_FORWARD_EVENT : eventType,
      idempotencyKey: meta ? payloadHash(body) : randomUUID(),
      body,
      // A test is one attempt: no retries.
      attempts: 0,
    },
    select: { id: true },
  });
  await deliverIds([id]);
  // Tests are not retried: a failed one is marked failed at once.
  const d = await db().webhookDelivery.findUniqueOrThrow({
    where: { id },
    select: { status: true, lastStatusCode: true, lastError: true },
  });
  if (d.status === "retrying")
    await db().webhookDelivery.update({ where: { id }, data: { status: "failed" } });
  return {
    success: d.status === "succeeded",
    status_code: d.lastStatusCode,
    error: d.lastError,
    delivery_id: id,
  };
}

/** Sends failed deliveries again: one (`deliveryId`) or every failed one of the period. */
export async function redeliver(
  scope: Scope,
  actor: Actor,
  input: { deliveryId?: string; periodHours?: number; webhookId?: string; eventType?: string },
): Promise<{ queued: number }> {
  const since = new Date(Date.now() - (input.periodHours ?? 24) * 3600 * 1000);
  const rows = await db().webhookDelivery.findMany({
    where: {
      projectId: scope.projectId,
      status: "failed",
      ...(input.deliveryId ? { id: input.deliveryId } : { createdAt: { gte: since } }),
      ...(input.webhookId ? { webhookId: input.webhookId } : {}),
      ...(input.eventType ? { eventType: input.eventType } : {}),
    },
    select: { id: true },
    take: 5000,
  });
  if (input.deliveryId && rows.length === 0)
    throw new AppError("not_found", `No failed delivery ${input.deliveryId}`);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { queued: 0 };
  await db().$transaction(async (tx) => {
    await tx.webhookDelivery.updateMany({
      where: { id: { in: ids }, status: "failed" },
      data: { status: "pending", nextAttemptAt: new Date(), leaseUntil: null },
    });
    for (let i = 0; i < ids.length; i += 500)
      await enqueue(deliverJob, { ids: ids.slice(i, i + 500) }, {}, tx);
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "webhook.redelivered",
      targetType: "webhook_delivery",
      targetId: input.deliveryId,
      data: { count: ids.length },
    });
  });
  return { queued: ids.length };
}

import "@/lib/server-only";
import { randomUUID } from "node:crypto";
import type { Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";

/** Emits a project event (Kapso's project.event) through the outbox; webhooks and workflows see it. */
export async function emitProjectEvent(
  scope: Scope,
  input: { name: string; occurredAt?: Date; conversationId?: string; properties: Record<string, unknown> },
): Promise<{ id: string; occurredAt: Date }> {
  const { projectId } = scope;
  if (input.conversationId) {
    const c = await db().conversation.findFirst({
      where: { id: input.conversationId, projectId },
      select: { id: true },
    });
    if (!c)
      throw new AppError("validation", "conversation_id: not a conversation of this project", {
        fields: { conversation_id: "Unknown conversation" },
      });
  }
  const occurredAt = input.occurredAt ?? new Date();
  const id = randomUUID();
  await db().$transaction((tx) =>
    emit(tx, projectId, "project.event", {
      eventId: id,
      name: input.name,
      occurredAt: occurredAt.toISOString(),
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      properties: input.properties,
    }),
  );
  return { id, occurredAt };
}

import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";

// Kapso's webhook event names for what customers see; dotted internal names for the rest.
export type DomainEventType =
  | "whatsapp.message.received"
  | "whatsapp.message.sent"
  | "whatsapp.message.delivered"
  | "whatsapp.message.read"
  | "whatsapp.message.failed"
  | "whatsapp.conversation.created"
  | "whatsapp.conversation.ended"
  | "whatsapp.phone_number.created"
  | "whatsapp.phone_number.deleted"
  | "whatsapp.phone_number.updated"
  | "whatsapp.template.updated"
  | "message.created"
  | "conversation.assigned"
  | "conversation.reopened"
  // Access changes the socket server acts on (lib/realtime/subscriber.ts).
  | "member.changed"
  | "embed.revoked"

  /** An operator opened it: unread count back to 0 (other tabs clear their badge). */
  | "conversation.read";

export interface DomainEventPayload {
  phoneNumberId?: string;
  conversationId?: string;
  messageId?: string;
  contactId?: string;
  templateId?: string;
  userId?: string | null;
  embedId?: string;
  [key: string]: Prisma.InputJsonValue | null | undefined;
}

type Tx = Prisma.TransactionClient;

/** Records an event in the same transaction as the change it describes (the outbox). */
export async function emit(
  tx: Tx,
  projectId: ProjectId | string,
  type: DomainEventType,
  payload: DomainEventPayload,
): Promise<void> {
  await tx.domainEvent.create({ data: { projectId, type, payload: payload as Prisma.InputJsonObject } });
}

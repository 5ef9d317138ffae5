import type { Prisma } from "@/generated/prisma/client";
import { emit } from "@/lib/events/outbox";
import type { EventRow } from "@/lib/events/subscribers";

// A customer's WhatsApp identity changing under a known contact. Meta tells us with a system message
// (`system.type: "user_changed_number"`, the new number in `system.wa_id`): the contact takes the new
// number (unless another contact of the project already has it) and `whatsapp.contact.identity_changed`
// goes out with the number before and after, in the dispatch transaction, so each notice is applied once.

type Tx = Prisma.TransactionClient;

interface SystemMessage {
  id: string;
  conversationId: string;
  phoneNumberId: string;
  contactId: string;
  content: { system?: { type?: unknown; wa_id?: unknown } };
}

export async function applyIdentityChanges(tx: Tx, events: EventRow[]): Promise<number> {
  const ids = events
    .filter((e) => e.type === "whatsapp.message.received" && e.payload.type === "system")
    .map((e) => e.payload.messageId)
    .filter((id): id is string => typeof id === "string");
  if (ids.length === 0) return 0;
  const rows = await tx.$queryRaw<SystemMessage[]>`
    SELECT m.id, m."conversationId", m."phoneNumberId", c."contactId", m.content
    FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE m.id = ANY(${ids}::text[]) AND m.type = 'system'`;
  let changed = 0;
  for (const m of rows) {
    const sys = m.content.system;
    if (sys?.type !== "user_changed_number" || typeof sys.wa_id !== "string") continue;
    const waId = sys.wa_id.replace(/\D/g, "");
    if (!waId) continue;
    const contact = await tx.contact.findUnique({
      where: { id: m.contactId },
      select: { id: true, projectId: true, waId: true, bsuid: true },
    });
    if (!contact || contact.waId === waId) continue;
    const taken = await tx.contact.findFirst({
      where: { projectId: contact.projectId, waId, id: { not: contact.id } },
      select: { id: true },
    });
    if (!taken) await tx.contact.update({ where: { id: contact.id }, data: { waId } });
    await emit(tx, contact.projectId, "whatsapp.contact.identity_changed", {
      contactId: contact.id,
      conversationId: m.conversationId,
      phoneNumberId: m.phoneNumberId,
      messageId: m.id,
      previousWaId: contact.waId,
      waId,
      bsuid: contact.bsuid,
      reason: "user_changed_number",
      // Another contact already has the new number: both are kept, and the event says so.
      applied: !taken,
    });
    changed++;
  }
  return changed;
}

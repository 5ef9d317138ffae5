import type { PayloadVersion } from "./events";

// Sample payloads for "send test event": the same shapes as real ones, marked `test: true`. Pure.

export function samplePayload(
  eventType: string,
  version: PayloadVersion,
  number: { phoneNumberId: string; displayPhoneNumber: string } | null,
): Record<string, unknown> {
  const now = new Date();
  const phoneNumberId = number?.phoneNumberId ?? "123456789012345";
  const conversation = {
    id: "00000000-0000-4000-8000-000000000000",
    phone_number: "15551234567",
    business_scoped_user_id: null,
    status: "active",
    last_active_at: now.toISOString(),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    metadata: {},
    phone_number_id: phoneNumberId,
    kapso: { contact_name: "Test Customer", messages_count: 1, last_inbound_at: now.toISOString() },
  };
  const root = (fields: Record<string, unknown>) =>
    version === "v2"
      ? { ...fields, phone_number_id: phoneNumberId, test: true }
      : {
          ...fields,
          whatsapp_config: {
            phone_number_id: phoneNumberId,
            display_phone_number: number?.displayPhoneNumber ?? "+1 555 0100",
          },
          test: true,
        };
  if (eventType.startsWith("whatsapp.message.")) {
    const inbound = eventType === "whatsapp.message.received";
    return root({
      message: {
        id: "wamid.TEST",
        timestamp: String(Math.floor(now.getTime() / 1000)),
        type: "text",
        ...(inbound ? { from: "15551234567" } : { to: "15551234567" }),
        text: { body: "This is a test event from Switchboard" },
        kapso: {
          direction: inbound ? "inbound" : "outbound",
          status: eventType.slice("whatsapp.message.".length),
          processing_status: "processed",
          origin: "cloud_api",
          has_media: false,
          content: "This is a test event from Switchboard",
          phone_number: "15551234567",
          phone_number_id: phoneNumberId,
        },
      },
      conversation,
      is_new_conversation: false,
    });
  }
  if (eventType === "whatsapp.contact.identity_changed")
    return root({
      contact: {
        wa_id: "15557654321",
        previous_wa_id: "15551234567",
        business_scoped_user_id: null,
        profile_name: "Test customer",
      },
      reason: "user_changed_number",
      applied: true,
      conversation,
    });
  if (eventType.startsWith("whatsapp.conversation.")) {
    return root({
      conversation,
      ...(eventType === "whatsapp.conversation.inactive" ? { inactivity: { minutes: 60 } } : {}),
    });
  }
  if (eventType.startsWith("whatsapp.phone_number."))
    return { phone_number_id: phoneNumberId, project: { id: "test" }, test: true };
  const status = eventType.slice("workflow.execution.".length);
  return {
    event: eventType,
    occurred_at: now.toISOString(),
    project_id: "test",
    workflow_id: "test-workflow",
    workflow_execution_id: "test-execution",
    status,
    channel: "whatsapp",
    whatsapp_conversation_id: conversation.id,
    ...(status === "handoff"
      ? { handoff: { reason: "Test handoff", source: "action_step" } }
      : { error: { message: "Test failure" } }),
    test: true,
  };
}

/** A test body for a meta-kind webhook: a text message as Meta's envelope carries it (a fresh id each time). */
export function sampleMetaEnvelope(
  number: { phoneNumberId: string; displayPhoneNumber: string; wabaId: string } | null,
): Record<string, unknown> {
  const seconds = Math.floor(Date.now() / 1000);
  const wamid = `wamid.TEST${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: number?.wabaId ?? "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: (number?.displayPhoneNumber ?? "15550000000").replace(/\D/g, ""),
                phone_number_id: number?.phoneNumberId ?? "123456789012345",
              },
              contacts: [{ profile: { name: "Test Customer" }, wa_id: "15551234567" }],
              messages: [
                {
                  from: "15551234567",
                  id: wamid,
                  timestamp: String(seconds),
                  type: "text",
                  text: { body: "This is a test message from Switchboard." },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

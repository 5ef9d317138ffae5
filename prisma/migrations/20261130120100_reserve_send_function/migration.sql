-- An outbound send's reservation in one round trip (lib/messages/send-store.ts), for sends that need no
-- 24-hour-window check (templates, the Meta proxy, broadcasts). A broadcast paid ten statements and two
-- transaction round trips per recipient in lib/messages/mutations.ts' reserveSend, which held a sandbox
-- broadcast far below its configured rate on two cores (bench/broadcasts.ts). Same rules as that code:
-- the contact by wa_id or business-scoped id, one ACTIVE conversation per contact and number (created
-- with its event), a send left in flight for over a minute marked failed, then the PENDING message with
-- its message.created event. The partial unique indexes decide races: a 23505 on Message_one_in_flight
-- is the 409 "another message is in flight"; one on the contact or conversation makes the caller retry.
-- Times are written in UTC, as Prisma writes them.

CREATE OR REPLACE FUNCTION sb_reserve_send(
  p_project TEXT, p_number TEXT, p_wa_id TEXT, p_bsuid TEXT, p_type TEXT, p_content JSONB,
  p_reply_to TEXT, p_origin "MessageOrigin"
) RETURNS TABLE (message_id TEXT, conversation_id TEXT) LANGUAGE plpgsql AS $$
DECLARE
  v_now TIMESTAMP(3) := (now() AT TIME ZONE 'UTC');
  v_contact TEXT;
  v_conv TEXT;
  v_msg TEXT;
BEGIN
  SELECT id INTO v_contact FROM "Contact"
    WHERE "projectId" = p_project AND ("waId" = p_wa_id OR bsuid = p_bsuid) LIMIT 1;
  IF v_contact IS NULL THEN
    v_contact := gen_random_uuid()::TEXT;
    INSERT INTO "Contact" (id, "projectId", "waId", bsuid, "createdAt", "updatedAt")
      VALUES (v_contact, p_project, p_wa_id, p_bsuid, v_now, v_now);
  ELSE
    UPDATE "Contact" SET "waId" = COALESCE("waId", p_wa_id), bsuid = COALESCE(bsuid, p_bsuid), "updatedAt" = v_now
      WHERE id = v_contact AND (("waId" IS NULL AND p_wa_id IS NOT NULL) OR (bsuid IS NULL AND p_bsuid IS NOT NULL));
  END IF;

  SELECT id INTO v_conv FROM "Conversation"
    WHERE "phoneNumberId" = p_number AND "contactId" = v_contact AND status = 'ACTIVE';
  IF v_conv IS NULL THEN
    v_conv := gen_random_uuid()::TEXT;
    INSERT INTO "Conversation" (id, "projectId", "phoneNumberId", "contactId", "createdAt", "updatedAt")
      VALUES (v_conv, p_project, p_number, v_contact, v_now, v_now);
    INSERT INTO "DomainEvent" ("projectId", type, payload) VALUES (p_project, 'whatsapp.conversation.created',
      jsonb_build_object('conversationId', v_conv, 'phoneNumberId', p_number, 'contactId', v_contact));
  ELSE
    -- A send that never got an answer (a crash mid-call) must not block the conversation forever.
    UPDATE "Message"
      SET status = 'FAILED', "updatedAt" = v_now,
          error = jsonb_build_object('code', 0, 'title', 'No answer from WhatsApp',
                                     'message', 'The send was interrupted; retry it.')
      WHERE "conversationId" = v_conv AND status = 'PENDING' AND wamid IS NULL
        AND "createdAt" < v_now - interval '60 seconds';
  END IF;

  v_msg := gen_random_uuid()::TEXT;
  INSERT INTO "Message" (id, "projectId", "conversationId", "phoneNumberId", direction, type, content, status,
                         "replyToWamid", origin, "sentAt", "createdAt", "updatedAt")
    VALUES (v_msg, p_project, v_conv, p_number, 'OUTBOUND', p_type, p_content, 'PENDING',
            p_reply_to, p_origin, v_now, v_now, v_now);
  UPDATE "Conversation" SET "lastMessageAt" = v_now, "updatedAt" = v_now WHERE id = v_conv;
  INSERT INTO "DomainEvent" ("projectId", type, payload) VALUES (p_project, 'message.created',
    jsonb_build_object('messageId', v_msg, 'conversationId', v_conv, 'phoneNumberId', p_number));
  message_id := v_msg;
  conversation_id := v_conv;
  RETURN NEXT;
END;
$$;

-- Webhook ingest in one round trip per message. On this class of machine a query's syscall cost
-- dominated ingest (bench/ingest.ts: ~17 statements per message capped it near 250 msg/s), so the
-- per-message steps run server-side. Same rules as the TypeScript they replace: scoped by project,
-- idempotent on wamid, one ACTIVE conversation per contact and number (the partial unique index
-- decides races: a 23505 here makes the caller retry), events written in the same transaction.
--
-- synchronous_commit is off for these transactions only: their input (the WebhookEvent row) was
-- committed durably before Meta got its 200 and stays PENDING until this work is itself durable,
-- so a crash can only make the sweeper replay it, and replays are idempotent.

CREATE OR REPLACE FUNCTION sb_ingest_message(
  p_project TEXT, p_number TEXT, p_wamid TEXT, p_type TEXT, p_content JSONB, p_reply_to TEXT,
  p_sent_at TIMESTAMP(3), p_wa_id TEXT, p_bsuid TEXT, p_profile TEXT, p_counts_unread BOOLEAN,
  p_event_id TEXT DEFAULT NULL  -- when given, the webhook event holding only this message is marked done too
) RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
  v_contact TEXT;
  v_conv TEXT;
  v_msg TEXT;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  IF p_event_id IS NOT NULL THEN
    UPDATE "WebhookEvent" SET status = 'PROCESSED', "processedAt" = now(), attempts = attempts + 1 WHERE id = p_event_id;
  END IF;
  IF EXISTS (SELECT 1 FROM "Message" WHERE wamid = p_wamid) THEN
    RETURN NULL;
  END IF;

  SELECT id INTO v_contact FROM "Contact"
    WHERE "projectId" = p_project AND ("waId" = p_wa_id OR bsuid = p_bsuid) LIMIT 1;
  IF v_contact IS NULL THEN
    v_contact := gen_random_uuid()::TEXT;
    INSERT INTO "Contact" (id, "projectId", "waId", bsuid, "profileName", "updatedAt")
      VALUES (v_contact, p_project, p_wa_id, p_bsuid, p_profile, now());
  ELSE
    UPDATE "Contact"
      SET "waId" = COALESCE("waId", p_wa_id), bsuid = COALESCE(bsuid, p_bsuid),
          "profileName" = COALESCE(p_profile, "profileName"), "updatedAt" = now()
      WHERE id = v_contact
        AND (("waId" IS NULL AND p_wa_id IS NOT NULL) OR (bsuid IS NULL AND p_bsuid IS NOT NULL)
             OR (p_profile IS NOT NULL AND "profileName" IS DISTINCT FROM p_profile));
  END IF;

  SELECT id INTO v_conv FROM "Conversation"
    WHERE "phoneNumberId" = p_number AND "contactId" = v_contact AND status = 'ACTIVE';
  IF v_conv IS NULL THEN
    v_conv := gen_random_uuid()::TEXT;
    INSERT INTO "Conversation" (id, "projectId", "phoneNumberId", "contactId", "updatedAt")
      VALUES (v_conv, p_project, p_number, v_contact, now());
    INSERT INTO "DomainEvent" ("projectId", type, payload) VALUES (p_project, 'whatsapp.conversation.created',
      jsonb_build_object('conversationId', v_conv, 'phoneNumberId', p_number, 'contactId', v_contact));
  END IF;

  v_msg := gen_random_uuid()::TEXT;
  INSERT INTO "Message" (id, "projectId", "conversationId", "phoneNumberId", wamid, direction, type, content,
                         status, "replyToWamid", origin, "sentAt", "updatedAt")
    VALUES (v_msg, p_project, v_conv, p_number, p_wamid, 'INBOUND', p_type, p_content,
            'RECEIVED', p_reply_to, 'CUSTOMER', p_sent_at, now());
  UPDATE "Conversation"
    SET "lastInboundAt" = GREATEST(COALESCE("lastInboundAt", p_sent_at), p_sent_at),
        "lastMessageAt" = GREATEST("lastMessageAt", p_sent_at),
        "unreadCount" = "unreadCount" + CASE WHEN p_counts_unread THEN 1 ELSE 0 END,
        "updatedAt" = now()
    WHERE id = v_conv;
  INSERT INTO "DomainEvent" ("projectId", type, payload) VALUES (p_project, 'whatsapp.message.received',
    jsonb_build_object('messageId', v_msg, 'conversationId', v_conv, 'phoneNumberId', p_number,
                       'contactId', v_contact, 'wamid', p_wamid, 'type', p_type));
  RETURN v_msg;
END;
$$;

CREATE OR REPLACE FUNCTION sb_finish_webhook_event(p_id TEXT, p_status "WebhookEventStatus") RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  UPDATE "WebhookEvent" SET status = p_status, "processedAt" = now(), attempts = attempts + 1 WHERE id = p_id;
END;
$$;

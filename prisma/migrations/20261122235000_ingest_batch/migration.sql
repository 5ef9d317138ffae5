-- Several single-message webhook events in one round trip and one transaction: the receiver queues
-- them as they arrive and one drainer per process sends what has gathered (see lib/ingest/batcher.ts).
-- Any error (a race on a first message, a deadlock) rolls the batch back and the caller processes its
-- events one by one; the events stay PENDING until this commit is durable, so nothing is lost.
CREATE OR REPLACE FUNCTION sb_ingest_batch(p_items JSONB) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  it JSONB;
  n INTEGER := 0;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR it IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    PERFORM sb_ingest_message(
      it->>'projectId', it->>'numberId', it->>'wamid', it->>'type', it->'content', it->>'replyTo',
      (it->>'sentAt')::TIMESTAMP(3), it->>'waId', it->>'bsuid', it->>'profileName',
      (it->>'countsUnread')::BOOLEAN, it->>'eventId');
    n := n + 1;
  END LOOP;
  RETURN n;
END;
$$;

-- The dispatcher's safe horizon and its cross-process wake-up (functions kept apart from table changes).
--
-- Sequence ids are handed out in one order and committed in another: id 9 may commit after id 10. A cursor
-- that moved past 10 would skip 9 for ever. sb_event_horizon() advances a shared horizon below which every
-- id is final:
--   1. read L, the last id handed out;
--   2. take an xid X (pg_current_xact_id()): it is newer than the xid of every transaction holding an
--      id <= L, because ids are only taken after their transaction has an xid (the column default);
--   3. if no transaction older than X is still running (snapshot xmin >= X), every id <= L is final now;
--      otherwise (L, X) is kept as the pending candidate, and a later call promotes it once the oldest
--      running transaction is newer than X.
-- Must be the first statement of its own transaction (step 2 needs a fresh xid).
CREATE OR REPLACE FUNCTION sb_event_horizon() RETURNS TABLE(safe_id BIGINT, waiting BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
  v_last BIGINT;
  v_xid xid8;
  v_xmin xid8;
  v_safe BIGINT;
  v_pending_id BIGINT;
  v_pending_xid xid8;
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'sb_event_horizon() must be the first write of its transaction';
  END IF;
  v_last := COALESCE(pg_sequence_last_value('"DomainEvent_id_seq"'), 0);
  v_xid := pg_current_xact_id();
  SELECT h."safeId", h."pendingId", h."pendingXid" INTO v_safe, v_pending_id, v_pending_xid
    FROM "EventHorizon" h WHERE h.id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO "EventHorizon" (id, "safeId") VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
    SELECT h."safeId", h."pendingId", h."pendingXid" INTO v_safe, v_pending_id, v_pending_xid
      FROM "EventHorizon" h WHERE h.id = 1 FOR UPDATE;
  END IF;
  v_xmin := pg_snapshot_xmin(pg_current_snapshot());

  IF v_xmin >= v_xid THEN
    -- Nothing older than this transaction is running: every id handed out so far is final.
    IF v_last > v_safe OR v_pending_xid IS NOT NULL THEN
      v_safe := GREATEST(v_safe, v_last);
      UPDATE "EventHorizon" SET "safeId" = v_safe, "pendingId" = NULL, "pendingXid" = NULL, "updatedAt" = now()
        WHERE id = 1;
    END IF;
    RETURN QUERY SELECT v_safe, false;
    RETURN;
  END IF;

  IF v_pending_xid IS NOT NULL AND v_xmin > v_pending_xid THEN
    v_safe := GREATEST(v_safe, v_pending_id);
    v_pending_xid := NULL;
  END IF;
  IF v_pending_xid IS NULL AND v_last > v_safe THEN
    v_pending_id := v_last;
    v_pending_xid := v_xid;
  ELSIF v_pending_xid IS NULL THEN
    v_pending_id := NULL;
  END IF;
  UPDATE "EventHorizon"
    SET "safeId" = v_safe, "pendingId" = v_pending_id, "pendingXid" = v_pending_xid, "updatedAt" = now()
    WHERE id = 1;
  RETURN QUERY SELECT v_safe, (v_last > v_safe);
END;
$$;

-- Wakes dispatchers in other processes (LISTEN sb_domain_events). NOTIFY is sent at commit and
-- collapses duplicates within a transaction, so a batch of events costs one notification.
CREATE OR REPLACE FUNCTION sb_domain_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sb_domain_events', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "DomainEvent_notify" AFTER INSERT ON "DomainEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION sb_domain_event_notify();

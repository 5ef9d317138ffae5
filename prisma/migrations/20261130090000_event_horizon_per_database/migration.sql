-- The event horizon waited for every transaction of the PostgreSQL cluster: a long transaction in another
-- database on the same server (another app, a test run, a bench) held back dispatch here. Transactions that
-- can hold DomainEvent ids run in this database only, so sb_event_horizon() now leaves out running xids
-- that belong to backends of other databases. Otherwise as in 20261129092500_events_spine_functions_events.
CREATE OR REPLACE FUNCTION sb_event_horizon() RETURNS TABLE(safe_id BIGINT, waiting BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
  v_last BIGINT;
  v_xid xid8;
  v_snap pg_snapshot;
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
  v_snap := pg_current_snapshot();
  v_xmin := pg_snapshot_xmin(v_snap);
  IF v_xmin < v_xid THEN
    -- Something older is running somewhere in the cluster. Only this database's transactions can hold
    -- event ids: leave out the ones known to run in another database (a backend there holds that xid).
    -- An xid whose backend can't be seen (another role, no pg_read_all_stats) stays in: waiting longer is
    -- safe, skipping an id is not. pg_stat_activity shows 32-bit xids; the snapshot has 64-bit ones.
    SELECT COALESCE(min(x), pg_snapshot_xmax(v_snap)) INTO v_xmin
      FROM pg_snapshot_xip(v_snap) AS x
      WHERE NOT EXISTS (
        SELECT 1 FROM pg_stat_activity a
        WHERE a.datid IS NOT NULL AND a.datname <> current_database()
          AND a.backend_xid::text = (x::text::numeric % 4294967296)::text
      );
  END IF;

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

-- The dispatch horizon waits only for transactions of this database (see 20261129092500 for the rest of
-- the reasoning). Several databases share one cluster (tests, benchmarks, tenants of a shared server);
-- with the cluster-wide snapshot xmin, any long transaction anywhere held every database's events back.
CREATE OR REPLACE FUNCTION sb_event_horizon() RETURNS TABLE(safe_id BIGINT, waiting BOOLEAN)
LANGUAGE plpgsql AS $$
DECLARE
  v_last BIGINT;
  v_xid xid8;
  v_xmin xid8;
  v_safe BIGINT;
  v_pending_id BIGINT;
  v_pending_xid xid8;
  v_behind NUMERIC;
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
  -- The oldest transaction still running in THIS database (or prepared in it) that is older than this
  -- one. Event ids come from this database's sequence, so a transaction of another database on the same
  -- cluster cannot hold one: waiting for it (pg_snapshot_xmin is cluster-wide) only delayed dispatch
  -- behind other databases' work. The catalogues show 32-bit xids: each is placed by how far it lies
  -- behind this transaction's (running xids are within 2^31 of each other). Not the snapshot's xip list:
  -- it leaves out xids at or above the snapshot's xmax, which may still be running.
  SELECT max(d) INTO v_behind FROM (
    SELECT ((v_xid::text::numeric - a.backend_xid::text::numeric) % 4294967296 + 4294967296) % 4294967296 AS d
      FROM pg_stat_activity a
     WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid()
    UNION ALL
    SELECT ((v_xid::text::numeric - p.transaction::text::numeric) % 4294967296 + 4294967296) % 4294967296
      FROM pg_prepared_xacts p WHERE p.database = current_database()
  ) s WHERE d > 0 AND d < 2147483648;
  v_xmin := CASE WHEN v_behind IS NULL THEN v_xid ELSE (v_xid::text::numeric - v_behind)::text::xid8 END;

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

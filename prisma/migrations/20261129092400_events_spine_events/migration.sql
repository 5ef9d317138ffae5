-- Events with many subscribers: each subscriber keeps its own cursor (EventCursor) instead of one
-- "dispatchedAt" marker, and EventHorizon records the id below which no transaction can still commit.
--
-- An event id is now taken only after its transaction has an xid (the CASE evaluates
-- pg_current_xact_id() first, which assigns one). The dispatcher relies on it: every transaction holding
-- an id it has read from the sequence already had an xid older than the dispatcher's own
-- (see sb_event_horizon() and lib/events/dispatcher.ts).
ALTER TABLE "DomainEvent" ALTER COLUMN "id" SET DEFAULT CASE WHEN pg_current_xact_id() IS NOT NULL THEN nextval('"DomainEvent_id_seq"'::regclass) END;

DROP INDEX IF EXISTS "DomainEvent_pending";
ALTER TABLE "DomainEvent" DROP COLUMN "dispatchedAt";

-- Retention deletes by age.
CREATE INDEX "DomainEvent_createdAt_idx" ON "DomainEvent"("createdAt");

CREATE TABLE "EventCursor" (
    "subscriber" TEXT NOT NULL,
    "lastId" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventCursor_pkey" PRIMARY KEY ("subscriber")
);

CREATE TABLE "EventHorizon" (
    "id" INTEGER NOT NULL,
    "safeId" BIGINT NOT NULL,
    "pendingId" BIGINT,
    "pendingXid" xid8,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventHorizon_pkey" PRIMARY KEY ("id")
);

-- Events stored before this migration were published by the old dispatcher (or are stale by now).
INSERT INTO "EventHorizon" ("id", "safeId") VALUES (1, COALESCE((SELECT max("id") FROM "DomainEvent"), 0));

-- Each subscriber's starting point is decided when it is deployed, here, not at its first dispatch: on
-- a new database it sees every event from the first (the demo seed's included), on an existing one
-- what commits after the upgrade. A subscriber added later inserts its cursor in its own migration.
INSERT INTO "EventCursor" ("subscriber", "lastId")
SELECT s, COALESCE((SELECT max("id") FROM "DomainEvent"), 0) FROM unnest(ARRAY['realtime', 'templates']) AS s;

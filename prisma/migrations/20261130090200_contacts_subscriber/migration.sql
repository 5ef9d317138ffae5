-- The contacts subscriber (customers' identity changes) starts with this migration, like the others: on a
-- new database it sees every event, on an existing one what commits after the upgrade.
INSERT INTO "EventCursor" ("subscriber", "lastId")
SELECT 'contacts', COALESCE((SELECT max("id") FROM "DomainEvent"), 0)
ON CONFLICT ("subscriber") DO NOTHING;

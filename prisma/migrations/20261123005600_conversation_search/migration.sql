-- Conversation-level search (functions and triggers only; see scripts/prisma-migrate.mjs).

-- Each new message with text adds its words to its conversation's vector. Words are only ever added:
-- messages are not edited in place, and a stale extra word can only widen a search.
CREATE OR REPLACE FUNCTION sb_conversation_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Conversation"
     SET "searchVector" = strip(coalesce("searchVector", ''::tsvector) || NEW."searchVector")
   WHERE id = NEW."conversationId";
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS conversation_search ON "Message";
CREATE TRIGGER conversation_search AFTER INSERT ON "Message"
  FOR EACH ROW WHEN (NEW."searchVector" IS NOT NULL AND NEW."searchVector" <> ''::tsvector)
  EXECUTE FUNCTION sb_conversation_search_trigger();

-- Phone numbers are searched by any fragment: every suffix of 3+ digits becomes a word, and the query
-- matches words by prefix, so "98765" finds 5511987654321.
CREATE OR REPLACE FUNCTION sb_number_suffixes(n text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg(substr(n, i), ' '), '')
  FROM generate_series(1, greatest(length(n) - 2, 0)) AS i
  WHERE n ~ '^[0-9]+$'
$$;

CREATE OR REPLACE FUNCTION sb_contact_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('simple',
    concat_ws(' ', NEW."profileName", sb_number_suffixes(NEW."waId"), NEW."bsuid"));
  RETURN NEW;
END
$$;

UPDATE "Contact" SET "searchVector" = to_tsvector('simple',
  concat_ws(' ', "profileName", sb_number_suffixes("waId"), "bsuid"));

UPDATE "Conversation" c SET "searchVector" = s.v
FROM (
  SELECT "conversationId", strip(tsvector_agg) AS v FROM (
    SELECT "conversationId", to_tsvector('simple', string_agg(sb_message_search_text(content::jsonb), ' ')) AS tsvector_agg
    FROM "Message" GROUP BY "conversationId"
  ) a
) s
WHERE s."conversationId" = c.id;

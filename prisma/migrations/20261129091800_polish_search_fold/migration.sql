-- Search ignores accents: "diaz" finds "Díaz". PGlite has no unaccent extension, so the folding is a
-- function of our own, applied to the vectors (triggers below) and to the query (lib/inbox/data.ts).
-- Functions, triggers and backfill only; see scripts/prisma-migrate.mjs.

CREATE OR REPLACE FUNCTION sb_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(replace(replace(replace(replace(replace(translate(
    -- Combining marks first: a name typed on a Mac may arrive decomposed ("i" + U+0301).
    regexp_replace(t, '[\u0300-\u036f]', '', 'g'),
    'ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆĈĊČçćĉċčĎĐďđÈÉÊËĒĔĖĘĚèéêëēĕėęěĜĞĠĢĝğġģĤĦĥħÌÍÎÏĨĪĬĮİìíîïĩīĭįıĴĵĶķĹĻĽĿŁĺļľŀłÑŃŅŇñńņňÒÓÔÕÖØŌŎŐòóôõöøōŏőŔŖŘŕŗřŚŜŞŠȘśŝşšșŢŤŦȚţťŧțÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűųŴŵÝŸŶýÿŷŹŻŽźżž',
    'AAAAAAAAAaaaaaaaaaCCCCCcccccDDddEEEEEEEEEeeeeeeeeeGGGGggggHHhhIIIIIIIIIiiiiiiiiiJjKkLLLLLlllllNNNNnnnnOOOOOOOOOoooooooooRRRrrrSSSSSsssssTTTTttttUUUUUUUUUUuuuuuuuuuuWwYYYyyyZZZzzz'),
    'ß', 'ss'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'), 'œ', 'oe'))
$$;

CREATE OR REPLACE FUNCTION sb_message_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('simple', sb_fold(sb_message_search_text(NEW.content::jsonb)));
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION sb_contact_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('simple',
    sb_fold(concat_ws(' ', NEW."profileName", sb_number_suffixes(NEW."waId"), NEW."bsuid")));
  RETURN NEW;
END
$$;

UPDATE "Contact" SET "searchVector" = to_tsvector('simple',
  sb_fold(concat_ws(' ', "profileName", sb_number_suffixes("waId"), "bsuid")))
WHERE sb_fold(coalesce("profileName", '')) IS DISTINCT FROM lower(coalesce("profileName", ''));

UPDATE "Message" SET "searchVector" = to_tsvector('simple', sb_fold(sb_message_search_text(content::jsonb)))
WHERE sb_fold(sb_message_search_text(content::jsonb)) <> lower(sb_message_search_text(content::jsonb));

UPDATE "Conversation" c SET "searchVector" = s.v
FROM (
  SELECT "conversationId", strip(to_tsvector('simple', string_agg(sb_fold(sb_message_search_text(content::jsonb)), ' '))) AS v
  FROM "Message" GROUP BY "conversationId"
  HAVING bool_or(sb_fold(sb_message_search_text(content::jsonb)) <> lower(sb_message_search_text(content::jsonb)))
) s
WHERE s."conversationId" = c.id;

-- Inbox search: tsvectors kept by triggers (Prisma does not model triggers; this migration holds only
-- functions and triggers so the offline diff can skip it, see scripts/prisma-migrate.mjs).

CREATE OR REPLACE FUNCTION sb_message_search_text(c jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(' ',
    c #>> '{text,body}',
    c #>> '{image,caption}',
    c #>> '{video,caption}',
    c #>> '{document,caption}',
    c #>> '{document,filename}',
    c #>> '{location,name}',
    c #>> '{location,address}',
    c #>> '{button,text}',
    c #>> '{interactive,body,text}',
    c #>> '{interactive,button_reply,title}',
    c #>> '{interactive,list_reply,title}',
    c #>> '{template,name}')
$$;

CREATE OR REPLACE FUNCTION sb_message_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('simple', sb_message_search_text(NEW.content::jsonb));
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS message_search ON "Message";
CREATE TRIGGER message_search BEFORE INSERT OR UPDATE OF content ON "Message"
  FOR EACH ROW EXECUTE FUNCTION sb_message_search_trigger();

CREATE OR REPLACE FUNCTION sb_contact_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('simple',
    concat_ws(' ', NEW."profileName", NEW."waId", NEW."bsuid"));
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS contact_search ON "Contact";
CREATE TRIGGER contact_search BEFORE INSERT OR UPDATE OF "profileName", "waId", "bsuid" ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION sb_contact_search_trigger();

UPDATE "Message" SET "searchVector" = to_tsvector('simple', sb_message_search_text(content::jsonb));
UPDATE "Contact" SET "searchVector" = to_tsvector('simple', concat_ws(' ', "profileName", "waId", "bsuid"));

-- Kapso's contact fields the Meta proxy's PATCH /{phone_number_id}/contacts/{wa_id} edits.
ALTER TABLE "Contact" ADD COLUMN "displayName" TEXT;
ALTER TABLE "Contact" ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}';

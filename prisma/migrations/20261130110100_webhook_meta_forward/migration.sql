-- Meta-kind webhooks: the raw body the receiver got, kept (as text, byte for byte) only for events naming
-- a number that has a meta webhook, so it can be forwarded as is. (At most one meta webhook per number is
-- the partial unique index "Webhook_one_meta_per_number" of 20261129130000_webhooks.)
ALTER TABLE "WebhookEvent" ADD COLUMN "rawBody" TEXT;

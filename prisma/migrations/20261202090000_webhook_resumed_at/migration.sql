-- When a webhook was last turned back on: automatic pausing counts only attempts made since then, so the
-- failures that paused it do not pause it again the moment an admin re-enables it.
ALTER TABLE "Webhook" ADD COLUMN "resumedAt" TIMESTAMP(3);

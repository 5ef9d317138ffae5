-- Only deliveries still owed are in the queue's indexes. A delivery's update to succeeded or failed (the
-- common write, one per delivery) cannot be a HOT update, so it added an entry to every index of the
-- table; these three now take none for it. Every reader of them filters on the same statuses.
DROP INDEX "WebhookDelivery_batchId_idx";
DROP INDEX "WebhookDelivery_status_nextAttemptAt_idx";
DROP INDEX "WebhookDelivery_webhookId_conversationId_status_idx";

CREATE INDEX "WebhookDelivery_open_by_conversation" ON "WebhookDelivery"("webhookId", "conversationId") WHERE (status IN ('pending', 'retrying', 'buffered'));
CREATE INDEX "WebhookDelivery_open_due" ON "WebhookDelivery"("nextAttemptAt") WHERE (status IN ('pending', 'retrying'));
CREATE INDEX "WebhookDelivery_batchId_idx" ON "WebhookDelivery"("batchId") WHERE ("batchId" IS NOT NULL);

-- The rows a finished delivery's successor lookup is after: pending and unleased (waiting for an earlier
-- message of their conversation). The open-rows index also holds every leased row of a busy conversation,
-- so the lookup read dozens of them per conversation under a burst to find none.
CREATE INDEX "WebhookDelivery_waiting" ON "WebhookDelivery"("webhookId", "conversationId") WHERE (status = 'pending' AND "leaseUntil" IS NULL);

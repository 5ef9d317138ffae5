-- Outbound webhooks (lib/webhooks): subscriptions, their deliveries (the durable queue) and every attempt.

CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "phoneNumberId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'kapso',
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "headers" JSONB NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "pausedAt" TIMESTAMP(3),
    "pausedReason" TEXT,
    "payloadVersion" TEXT NOT NULL DEFAULT 'v2',
    "bufferEnabled" BOOLEAN NOT NULL DEFAULT false,
    "bufferWindowSeconds" INTEGER NOT NULL DEFAULT 5,
    "maxBufferSize" INTEGER NOT NULL DEFAULT 50,
    "inactivityMinutes" INTEGER NOT NULL DEFAULT 60,
    "secretEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" BIGINT,
    "eventType" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "batchSize" INTEGER,
    "batchId" TEXT,
    "conversationId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastLatencyMs" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WebhookAttempt" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "eventType" TEXT NOT NULL,
    "statusCode" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "error" TEXT,
    "ok" BOOLEAN NOT NULL,
    "requestHeaders" JSONB NOT NULL,
    "responseBody" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Webhook_projectId_idx" ON "Webhook"("projectId");
CREATE INDEX "Webhook_phoneNumberId_idx" ON "Webhook"("phoneNumberId");
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_idempotencyKey_key" ON "WebhookDelivery"("webhookId", "idempotencyKey");
CREATE INDEX "WebhookDelivery_projectId_createdAt_idx" ON "WebhookDelivery"("projectId", "createdAt" DESC);
CREATE INDEX "WebhookDelivery_webhookId_conversationId_status_idx" ON "WebhookDelivery"("webhookId", "conversationId", "status");
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE INDEX "WebhookDelivery_batchId_idx" ON "WebhookDelivery"("batchId");
CREATE INDEX "WebhookAttempt_projectId_createdAt_idx" ON "WebhookAttempt"("projectId", "createdAt" DESC);
CREATE INDEX "WebhookAttempt_webhookId_createdAt_idx" ON "WebhookAttempt"("webhookId", "createdAt");
CREATE INDEX "WebhookAttempt_deliveryId_idx" ON "WebhookAttempt"("deliveryId");

-- At most one meta-kind webhook per number.
CREATE UNIQUE INDEX "Webhook_one_meta_per_number" ON "Webhook"("phoneNumberId") WHERE "kind" = 'meta';

ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_phoneNumberId_fkey" FOREIGN KEY ("phoneNumberId") REFERENCES "PhoneNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WebhookAttempt" ADD CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The webhooks subscriber starts with this migration (see 20261129092400_events_spine_events): on a new
-- database it sees every event; on an existing one, what commits after the upgrade.
INSERT INTO "EventCursor" ("subscriber", "lastId")
SELECT 'webhooks', COALESCE((SELECT max("id") FROM "DomainEvent"), 0)
ON CONFLICT ("subscriber") DO NOTHING;

-- Webhooks refused for a bad signature, counted per number of ours and hour (never their bodies), so the
-- inbound log can say "Meta sent this number webhooks its app secret did not sign".
CREATE TABLE "WebhookRejection" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookRejection_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "WebhookRejection_phoneNumberId_reason_hour_key" ON "WebhookRejection"("phoneNumberId", "reason", "hour");
CREATE INDEX "WebhookRejection_projectId_lastAt_idx" ON "WebhookRejection"("projectId", "lastAt" DESC);
ALTER TABLE "WebhookRejection" ADD CONSTRAINT "WebhookRejection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('PENDING', 'PROCESSED', 'ORPHAN', 'FAILED');

-- CreateEnum
CREATE TYPE "SandboxDirection" AS ENUM ('TO_CUSTOMER', 'FROM_CUSTOMER');

-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "healthError" TEXT,
ADD COLUMN     "messagingLimitTier" TEXT,
ADD COLUMN     "qualityRating" TEXT;

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "projectId" TEXT,
    "phoneNumberId" TEXT,
    "wabaId" TEXT,
    "body" JSONB NOT NULL,
    "status" "WebhookEventStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DomainEvent" (
    "id" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "DomainEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageStatusBacklog" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "wamid" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageStatusBacklog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Media" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "phoneNumberId" TEXT,
    "metaMediaId" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "filename" TEXT,
    "path" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Media_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "wabaId" TEXT NOT NULL,
    "metaTemplateId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "qualityScore" TEXT,
    "rejectedReason" TEXT,
    "components" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxMessage" (
    "wamid" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "customerWaId" TEXT NOT NULL,
    "direction" "SandboxDirection" NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxMessage_pkey" PRIMARY KEY ("wamid")
);

-- CreateTable
CREATE TABLE "SandboxTemplate" (
    "id" TEXT NOT NULL,
    "wabaId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "rejectedReason" TEXT,
    "components" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxMedia" (
    "id" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "filename" TEXT,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxProfile" (
    "phoneNumberId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxProfile_pkey" PRIMARY KEY ("phoneNumberId")
);

-- CreateIndex
CREATE INDEX "WebhookEvent_status_receivedAt_idx" ON "WebhookEvent"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_projectId_receivedAt_idx" ON "WebhookEvent"("projectId", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookEvent_wabaId_status_idx" ON "WebhookEvent"("wabaId", "status");

-- CreateIndex
CREATE INDEX "DomainEvent_pending" ON "DomainEvent"("id") WHERE ("dispatchedAt" IS NULL);

-- CreateIndex
CREATE INDEX "DomainEvent_projectId_id_idx" ON "DomainEvent"("projectId", "id");

-- CreateIndex
CREATE INDEX "MessageStatusBacklog_wamid_idx" ON "MessageStatusBacklog"("wamid");

-- CreateIndex
CREATE UNIQUE INDEX "Media_projectId_metaMediaId_key" ON "Media"("projectId", "metaMediaId");

-- CreateIndex
CREATE INDEX "MessageTemplate_projectId_wabaId_name_idx" ON "MessageTemplate"("projectId", "wabaId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "MessageTemplate_projectId_metaTemplateId_key" ON "MessageTemplate"("projectId", "metaTemplateId");

-- CreateIndex
CREATE INDEX "SandboxMessage_phoneNumberId_customerWaId_createdAt_idx" ON "SandboxMessage"("phoneNumberId", "customerWaId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxTemplate_wabaId_name_language_key" ON "SandboxTemplate"("wabaId", "name", "language");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_one_active" ON "Conversation"("phoneNumberId", "contactId") WHERE (status = 'ACTIVE');

-- CreateIndex
CREATE UNIQUE INDEX "Message_one_in_flight" ON "Message"("conversationId") WHERE (status = 'PENDING' AND wamid IS NULL);

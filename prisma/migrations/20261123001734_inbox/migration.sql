-- CreateEnum
CREATE TYPE "EmbedScope" AS ENUM ('PROJECT', 'CUSTOMER', 'PHONE_NUMBER');

-- CreateEnum
CREATE TYPE "ThemeMode" AS ENUM ('LIGHT', 'DARK', 'SYSTEM');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "searchVector" tsvector;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "assigneeId" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "searchVector" tsvector;

-- CreateTable
CREATE TABLE "InboxEmbed" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" "EmbedScope" NOT NULL,
    "customerId" TEXT,
    "phoneNumberId" TEXT,
    "allowedOrigins" TEXT[],
    "defaultMode" "ThemeMode" NOT NULL DEFAULT 'SYSTEM',
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboxEmbed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboxEmbed_tokenHash_key" ON "InboxEmbed"("tokenHash");

-- CreateIndex
CREATE INDEX "InboxEmbed_projectId_createdAt_idx" ON "InboxEmbed"("projectId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Contact_searchVector_idx" ON "Contact" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Conversation_projectId_status_lastMessageAt_id_idx" ON "Conversation"("projectId", "status", "lastMessageAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Conversation_projectId_assigneeId_lastMessageAt_id_idx" ON "Conversation"("projectId", "assigneeId", "lastMessageAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Conversation_phoneNumberId_lastMessageAt_id_idx" ON "Conversation"("phoneNumberId", "lastMessageAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Message_searchVector_idx" ON "Message" USING GIN ("searchVector");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxEmbed" ADD CONSTRAINT "InboxEmbed_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxEmbed" ADD CONSTRAINT "InboxEmbed_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxEmbed" ADD CONSTRAINT "InboxEmbed_phoneNumberId_fkey" FOREIGN KEY ("phoneNumberId") REFERENCES "PhoneNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

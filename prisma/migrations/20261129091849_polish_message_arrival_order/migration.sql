-- Messages with the same provider timestamp (Meta sends seconds) are shown in arrival order: seq.
-- Existing rows are numbered in storage order, which is close to arrival.
-- DropIndex
DROP INDEX "Message_conversationId_sentAt_id_idx";

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "Message_conversationId_sentAt_seq_idx" ON "Message"("conversationId", "sentAt" DESC, "seq" DESC);

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "searchVector" tsvector;

-- CreateIndex
CREATE INDEX "Conversation_searchVector_idx" ON "Conversation" USING GIN ("searchVector");

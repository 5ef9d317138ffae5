-- AlterTable
ALTER TABLE "Workflow" ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "publishedVersionId" TEXT;

-- AlterTable
ALTER TABLE "WorkflowVersion" ADD COLUMN     "changes" JSONB,
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "saveCount" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE UNIQUE INDEX "Workflow_publishedVersionId_key" ON "Workflow"("publishedVersionId");

-- AddForeignKey
ALTER TABLE "Workflow" ADD CONSTRAINT "Workflow_publishedVersionId_fkey" FOREIGN KEY ("publishedVersionId") REFERENCES "WorkflowVersion"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- Workflows that were active before versions were pinned keep running what they had: their current version.
UPDATE "Workflow" w SET "publishedVersionId" = v.id, "publishedAt" = w."updatedAt"
FROM "WorkflowVersion" v
WHERE v."workflowId" = w.id AND v.version = w.version AND w.status = 'ACTIVE';

UPDATE "WorkflowVersion" v SET "publishedAt" = w."publishedAt"
FROM "Workflow" w
WHERE w."publishedVersionId" = v.id;

-- CreateEnum
CREATE TYPE "ModelProviderKind" AS ENUM ('OPENAI_COMPATIBLE', 'ANTHROPIC', 'OLLAMA');

-- CreateTable
CREATE TABLE "ModelProvider" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ModelProviderKind" NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKeySealed" TEXT,
    "apiKeyLast4" TEXT,
    "defaultModel" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "lastTestedAt" TIMESTAMP(3),
    "lastTestOk" BOOLEAN,
    "lastTestError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelProvider_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ModelProvider_projectId_name_key" ON "ModelProvider"("projectId", "name");

-- CreateIndex (at most one default provider a project)
CREATE UNIQUE INDEX "ModelProvider_one_default_per_project" ON "ModelProvider"("projectId") WHERE "isDefault";

-- AddForeignKey
ALTER TABLE "ModelProvider" ADD CONSTRAINT "ModelProvider_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

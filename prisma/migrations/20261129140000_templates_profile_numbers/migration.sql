-- Templates, business profile and number health (issue #14).
ALTER TABLE "SandboxTemplate" ADD COLUMN "parameterFormat" TEXT NOT NULL DEFAULT 'POSITIONAL';
ALTER TABLE "MessageTemplate" ADD COLUMN "parameterFormat" TEXT;

CREATE TABLE "SandboxUpload" (
    "id" TEXT NOT NULL,
    "wabaId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileLength" INTEGER NOT NULL,
    "fileType" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "handle" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SandboxUpload_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SandboxUpload_handle_key" ON "SandboxUpload"("handle");

CREATE TABLE "SandboxNumberState" (
    "phoneNumberId" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "SandboxNumberState_pkey" PRIMARY KEY ("phoneNumberId")
);

CREATE TABLE "NumberHealthCheck" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "checks" JSONB NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NumberHealthCheck_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "NumberHealthCheck_projectId_phoneNumberId_checkedAt_idx" ON "NumberHealthCheck"("projectId", "phoneNumberId", "checkedAt");

CREATE TABLE "DisplayNameRequest" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "requestedDisplayName" TEXT NOT NULL,
    "previousDisplayName" TEXT,
    "status" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "metaErrorCode" INTEGER,
    "metaErrorSubcode" INTEGER,
    "metaErrorType" TEXT,
    "metaErrorMessage" TEXT,
    CONSTRAINT "DisplayNameRequest_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "DisplayNameRequest_projectId_phoneNumberId_submittedAt_idx" ON "DisplayNameRequest"("projectId", "phoneNumberId", "submittedAt");

-- CreateTable
CREATE TABLE "SetupLink" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "successRedirectUrl" TEXT,
    "failureRedirectUrl" TEXT,
    "language" TEXT NOT NULL DEFAULT 'en',
    "allowedConnectionTypes" TEXT[],
    "primaryColor" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "phoneNumberId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SetupLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SetupLink_tokenHash_key" ON "SetupLink"("tokenHash");

-- CreateIndex
CREATE INDEX "SetupLink_customerId_createdAt_idx" ON "SetupLink"("customerId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "SetupLink" ADD CONSTRAINT "SetupLink_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

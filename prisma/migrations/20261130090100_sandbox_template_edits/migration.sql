-- The sandbox counts edits of approved templates as Meta does (one in 24 hours, ten in 30 days).
ALTER TABLE "SandboxTemplate" ADD COLUMN "editedAt" TIMESTAMP(3)[] NOT NULL DEFAULT ARRAY[]::TIMESTAMP(3)[];

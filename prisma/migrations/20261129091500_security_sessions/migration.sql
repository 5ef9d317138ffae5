-- Accounts created with a published password must choose a new one before anything else works.
ALTER TABLE "User" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;

-- Sessions are rows (Auth.js's Session table, keyed by a random id carried in the JWT) so that sign-out
-- and a password change end them on the next request.
CREATE INDEX IF NOT EXISTS "Session_userId_idx" ON "Session"("userId");

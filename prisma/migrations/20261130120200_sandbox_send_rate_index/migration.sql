-- The simulator counts a number's sends in the last second on every send (its 130429 rate limit). The
-- only index led with (phoneNumberId, customerWaId), so that count read every message the number ever
-- sent: a 10,000-recipient broadcast slowed the simulator down as it went.
CREATE INDEX "SandboxMessage_phoneNumberId_direction_createdAt_idx" ON "SandboxMessage"("phoneNumberId", "direction", "createdAt");

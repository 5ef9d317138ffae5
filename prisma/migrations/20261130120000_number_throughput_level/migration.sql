-- Meta's throughput level of a live number (STANDARD: 80 messages/s, HIGH: 1,000/s), read from Graph when
-- the number is connected and at each health check. The broadcast sender paces a live number by it.
ALTER TABLE "PhoneNumber" ADD COLUMN "throughputLevel" TEXT;

import { afterAll, inject } from "vitest";

// Runs in each test file before it imports app code: point the app at the run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET = inject("authSecret");
process.env.ENCRYPTION_KEY = inject("encryptionKey");

// As server.ts does at start-up: committed events reach the same subscribers (realtime, template sync).
const { registerPlatform } = await import("../boot/platform");
registerPlatform();

afterAll(async () => {
  // A dispatch still running after the file's last test would be cut off by the closing pool.
  const { haltDispatcher } = await import("../events/dispatcher");
  await haltDispatcher();
  const { closeDatabase } = await import("../db/client");
  await closeDatabase();
});

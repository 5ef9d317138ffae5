// `npm run db:deploy`: apply pending migrations to DATABASE_URL (or the embedded database) and exit.
// The server does the same at start-up; this is for deploy pipelines that migrate before rolling out.
import { EnvError, loadEnv } from "../lib/env";

try {
  loadEnv();
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const { initDatabase } = await import("../lib/db/init");
const { closeDatabase } = await import("../lib/db/client");
const s = await initDatabase((m) => console.log(m));
console.log(`migrations up to date (${s.kind})`);
await closeDatabase();

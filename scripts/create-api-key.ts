// npm run api-key -- <project-slug> [name]   Creates an API key for a project and prints it once.
import { EnvError, loadEnv } from "../lib/env";

const [slug, name = "CLI key"] = process.argv.slice(2);
if (!slug) {
  console.error("usage: npm run api-key -- <project-slug> [name]");
  process.exit(2);
}
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
const { closeDatabase, db } = await import("../lib/db/client");
const { createApiKey } = await import("../lib/api-keys/mutations");
const { trustedProjectId } = await import("../lib/auth/project-id");
await initDatabase(() => {});
const project = await db().project.findUnique({ where: { slug }, select: { id: true, name: true } });
if (!project) {
  console.error(`No project with slug "${slug}".`);
  await closeDatabase();
  process.exit(1);
}
const { key } = await createApiKey(trustedProjectId(project.id), name, null);
console.log(key);
console.error(`Created "${name}" for project ${project.name}. Store it now: it is not shown again.`);
await closeDatabase();

// npm run api-key -- <project-slug> [name]   Creates an API key for a project and prints it once.
//
// Works with the server running or not, and before the first start. On the embedded database (PGlite)
// only one process may open the files: when a server holds them, the key is made by that server over a
// loopback-only channel with the token it wrote to DATA_DIR (lib/api-keys/local-channel.ts); when none
// does, this process opens the database itself, applies migrations and creates the demo project first
// if the database is new. On PostgreSQL it connects directly.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { EnvError, loadEnv } from "../lib/env";

const [slug, name = "CLI key"] = process.argv.slice(2);
if (!slug) {
  console.error("usage: npm run api-key -- <project-slug> [name]");
  process.exit(2);
}
let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};
const done = (key: string, project: string) => {
  console.log(key);
  console.error(`Created "${name}" for project ${project}. Store it now: it is not shown again.`);
};

// Nothing that needs the generated Prisma client is imported before it exists.
const { claimPglite, LOCAL_API_KEY_PATH, pgliteOwner, PgliteBusyError } = await import(
  "../lib/db/pglite-owner"
);

/** Asks the running server; retries while it is still starting (it claims the files before it listens). */
async function viaServer(url: string, token: string, pid: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}${LOCAL_API_KEY_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-local-token": token },
        body: JSON.stringify({ slug, name }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json().catch(() => ({}))) as { key?: string; project?: string; error?: string };
      if (res.ok && body.key) return done(body.key, body.project ?? slug!);
      return fail(body.error ?? `The running server (process ${pid}) refused: HTTP ${res.status}.`);
    } catch (e) {
      let running = true;
      try {
        process.kill(pid, 0);
      } catch {
        running = false;
      }
      if (!running || attempt >= 60)
        return fail(
          `The server (process ${pid}) holds the embedded database but does not answer at ${url} (${(e as Error).message}). Try again once it is up, or stop it.`,
        );
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

if (!env.DATABASE_URL) {
  const owner = pgliteOwner(env.DATA_DIR);
  if (owner?.role === "server" && owner.url && owner.token) {
    await viaServer(owner.url, owner.token, owner.pid);
    process.exit(0);
  }
  try {
    claimPglite(env.DATA_DIR, "cli");
  } catch (e) {
    if (e instanceof PgliteBusyError) fail(e.message);
    throw e;
  }
}

// Before the first start there is no generated Prisma client yet.
if (!existsSync("generated/prisma/client.ts")) {
  console.error("Generating the Prisma client…");
  const r = spawnSync("node_modules/.bin/prisma", ["generate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" },
  });
  if (r.status !== 0) fail("Could not generate the Prisma client (npm run db:generate).");
}

const { initDatabase } = await import("../lib/db/init");
const { closeDatabase, db } = await import("../lib/db/client");
const { createApiKey } = await import("../lib/api-keys/mutations");
const { trustedProjectId } = await import("../lib/auth/project-id");
const { ensureDemoProject } = await import("../lib/projects/demo");
await initDatabase(() => {});
// A new database gets what the first start would give it, so `demo` exists before the server ever ran.
if (env.SEED_DEMO) {
  const demo = await ensureDemoProject({ host: env.HOST });
  if (demo)
    console.error(
      `Demo project created. Sign in as ${demo.email} with password ${demo.password} (you will be asked to choose a new one).`,
    );
}
const project = await db().project.findUnique({ where: { slug }, select: { id: true, name: true } });
if (!project) {
  await closeDatabase();
  fail(`No project with slug "${slug}".`);
} else {
  const { key } = await createApiKey(
    { projectId: trustedProjectId(project.id) },
    { kind: "system" },
    { name },
  );
  await closeDatabase();
  done(key, project.name);
}

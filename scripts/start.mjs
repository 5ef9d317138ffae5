// `npm start`: build once if there is no production build (or no generated Prisma client), then run
// the server in production mode.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync("generated/prisma/client.ts")) run("npm", ["run", "db:generate"]);
if (!existsSync(".next/BUILD_ID") || process.argv.includes("--rebuild")) {
  console.log("No production build yet: building (about a minute on 2 cores)…");
  run("npx", ["next", "build"]);
}
const child = spawn("node_modules/.bin/tsx", ["server.ts"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

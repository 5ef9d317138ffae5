// npm run cli -- <command> [flags]: the Platform API from a terminal (lib/cli/commands.ts; `help` lists
// the commands). SWITCHBOARD_URL (default http://localhost:3000) and SWITCHBOARD_API_KEY or --api-key.
import { runCli } from "../lib/cli/commands";

process.exitCode = await runCli(process.argv.slice(2), {
  baseUrl: process.env.SWITCHBOARD_URL || "http://localhost:3000",
  apiKey: process.env.SWITCHBOARD_API_KEY || undefined,
  fetch,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

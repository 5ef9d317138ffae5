// The app's routes and the simulator's review workers in one process (spawned with node --import tsx),
// as a server process runs them: the review tests kill it with -9 and start another.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { sandboxJobs } from "@/lib/sandbox/jobs";
import { startAppServer } from "./app-server";

await startAppServer(Number(process.argv[2]));
await startJobs({ jobs: sandboxJobs, loops: false });
console.log("READY");
await new Promise(() => {});

// A worker process for the engine's kill -9 tests (spawned with node --import tsx): the engine's outbox
// subscriber and jobs, started the way server.ts starts a worker, until killed.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { afterJobsStarted } from "@/lib/boot/platform";
import { registerSubscriber } from "@/lib/events/subscribers";
import { engineJobs } from "@/lib/workflows/engine/jobs";
import { engineSubscriber } from "@/lib/workflows/engine/subscriber";
import { engineLoops } from "@/lib/workflows/engine/timers";

registerSubscriber(engineSubscriber);
await startJobs({ jobs: engineJobs, workerLoops: engineLoops, loops: true });
await afterJobsStarted();
console.log("READY");
await new Promise(() => {});

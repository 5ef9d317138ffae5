// A worker process for the broadcast kill -9 test and bench (spawned with node --import tsx): the
// platform's subscribers, the outbox dispatcher and every job, as `npm run worker` runs them, until
// killed. Every job's queue must exist: the subscribers enqueue other domains' jobs (a template sync,
// an ingest retry), and a missing queue fails their batches over and over.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { JOBS, registerPlatform } from "@/lib/boot/platform";

registerPlatform();
await startJobs({ jobs: JOBS, loops: true });
console.log("READY");
await new Promise(() => {});

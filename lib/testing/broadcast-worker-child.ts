// A worker process for the broadcast kill -9 test (spawned with node --import tsx): the platform's
// subscribers, the outbox dispatcher and the broadcast sending job, until killed.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { registerPlatform } from "@/lib/boot/platform";
import { broadcastJobs } from "@/lib/broadcasts/jobs";

registerPlatform();
await startJobs({ jobs: broadcastJobs, loops: true });
console.log("READY");
await new Promise(() => {});

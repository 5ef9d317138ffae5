// A worker process for the job tests (spawned with node --import tsx): runs the test jobs until killed.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { recordJob, timerJob } from "./test-jobs";

await startJobs({ jobs: [recordJob, timerJob], loops: false });
console.log("READY");
await new Promise(() => {});

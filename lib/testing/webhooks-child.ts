// A worker process for the outbound webhook durability test and benchmark (spawned with node --import tsx):
// the webhooks subscriber on the outbox dispatcher and the webhook jobs, until killed.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { registerSubscriber } from "@/lib/events/subscribers";
import { webhookJobs, webhookLoops } from "@/lib/webhooks/jobs";
import { webhooksSubscriber } from "@/lib/webhooks/subscriber";

// Gone with its parent: a bench or test killed without the chance to kill this worker must not leave it
// running, reconnecting to the next run's database of the same name with another ENCRYPTION_KEY.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

// A clean exit on SIGTERM (a profile given by --cpu-prof is written then); the durability tests use SIGKILL.
process.on("SIGTERM", () => process.exit(0));

registerSubscriber(webhooksSubscriber);
await startJobs({ jobs: webhookJobs, workerLoops: webhookLoops, loops: true });
console.log("READY");
await new Promise(() => {});

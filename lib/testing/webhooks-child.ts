// A worker process for the outbound webhook durability test and benchmark (spawned with node --import tsx):
// the webhooks subscriber on the outbox dispatcher and the webhook jobs, until killed.
import { startJobs } from "@/lib/boot/jobs-runtime";
import { registerSubscriber } from "@/lib/events/subscribers";
import { webhookJobs, webhookLoops } from "@/lib/webhooks/jobs";
import { webhooksSubscriber } from "@/lib/webhooks/subscriber";

registerSubscriber(webhooksSubscriber);
await startJobs({ jobs: webhookJobs, workerLoops: webhookLoops, loops: true });
console.log("READY");
await new Promise(() => {});

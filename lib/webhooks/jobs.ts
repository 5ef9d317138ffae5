import { deliverJob, flushBufferJob } from "./job-defs";

export { deliverJob, flushBufferJob };

/** The webhook jobs (collected by lib/boot/platform.ts). */
export const webhookJobs = [deliverJob, flushBufferJob];

import { deliverJob, flushBufferJob, inactivityJob } from "./job-defs";

export { deliverJob, flushBufferJob, inactivityJob };

/** The webhook jobs (collected by lib/boot/platform.ts). */
export const webhookJobs = [deliverJob, flushBufferJob, inactivityJob];

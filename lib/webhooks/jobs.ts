import { defineLoop } from "@/lib/jobs/define";
import { deliverJob, flushBufferJob, inactivityJob } from "./job-defs";

export { deliverJob, flushBufferJob, inactivityJob };

/** The webhook jobs (collected by lib/boot/platform.ts). */
export const webhookJobs = [deliverJob, flushBufferJob, inactivityJob];

/** How long a row may be owed with nobody holding it before the safety net takes it. */
export const OVERDUE_GRACE_SECONDS = 60;

/**
 * The safety net under the timers: every row owed has a timer (lease, order, retry) or a process posting
 * it, but a worker killed while it held the only timer of some rows (a pg-boss job is taken back only when
 * it expires) or any path that missed arming one would leave rows waiting for the next unrelated timer.
 * Every 15 s each worker takes whatever has been owed and unheld for over a minute.
 */
export const overdueLoop = defineLoop({
  name: "webhooks.overdue",
  async tick() {
    const { overdueDeliveries } = await import("./delivery-store");
    const { claimAndPost } = await import("./deliver");
    const ids = await overdueDeliveries(OVERDUE_GRACE_SECONDS);
    if (ids.length > 0) await claimAndPost(ids, { sweep: false });
    return 15_000;
  },
});

/** The webhook loops (collected by lib/boot/platform.ts). */
export const webhookLoops = [overdueLoop];

import "@/lib/server-only";
import { defineLoop } from "@/lib/jobs/define";
import { fireDueTimers, nextTimerDue } from "./timer-mutations";

// The wait timers' loop, run by every worker process (the job runtime starts it). It sleeps until the
// soonest armed timer (never longer than POLL_MS, so a wait armed by another process is seen in time:
// waits last at least 10 s), then claims what is due in batches until none is left. Nothing is held in
// memory: the timers are rows, so a timer that came due while no worker ran fires on the first tick
// after a restart, once.

const BATCH = 500;
const POLL_MS = 1000;
/** Between ticks that found work, so a steady trickle of due timers shares transactions. */
const MIN_GAP_MS = 20;

export async function timerTick(): Promise<number> {
  while ((await fireDueTimers(BATCH)) === BATCH) {
    // A full batch: more may be due.
  }
  const next = await nextTimerDue();
  const wait = next ? next.getTime() - Date.now() : POLL_MS;
  return Math.min(POLL_MS, Math.max(MIN_GAP_MS, wait));
}

export const timerLoop = defineLoop({ name: "workflows.timers", tick: timerTick });
export const engineLoops = [timerLoop];

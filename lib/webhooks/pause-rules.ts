// Automatic pausing (spec §1.5, changelog Feb 2026): within 15 minutes, a failure rate above 85% with at
// least 10 failures and at least 20 deliveries pauses the webhook. Pure, tested at its edges.

export const PAUSE_WINDOW_MS = 15 * 60 * 1000;
export const PAUSE_MIN_FAILURES = 10;
export const PAUSE_MIN_DELIVERIES = 20;
export const PAUSE_FAILURE_RATE = 0.85;

export interface WindowCounts {
  /** Attempts in the window. */
  deliveries: number;
  /** Failed attempts in the window (non-2xx, timeout, network). */
  failures: number;
}

export function shouldPause({ deliveries, failures }: WindowCounts): boolean {
  if (deliveries < PAUSE_MIN_DELIVERIES || failures < PAUSE_MIN_FAILURES) return false;
  // "Above 85%": exactly 85% does not pause. Integer form avoids 0.85 rounding.
  return failures * 100 > deliveries * 85;
}

export function pauseReason({ deliveries, failures }: WindowCounts): string {
  const pct = Math.round((failures / Math.max(deliveries, 1)) * 100);
  return `Paused automatically: ${failures} of ${deliveries} deliveries failed (${pct}%) in 15 minutes.`;
}

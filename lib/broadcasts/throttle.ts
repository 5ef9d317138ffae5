// Pacing for a number's throughput. WhatsApp counts sends per second as they arrive, and arrivals
// jitter around their starts (a loaded server, a slow network), so starts are spread evenly with a
// margin rather than sent in bursts: at `rate`/s with a margin of m ms, any second of arrivals holds at
// most `rate` unless jitter exceeds m. The pace ramps up over the first seconds (a cold server answers
// the first requests late, then all at once, and a burst of arrivals is a burst of refusals). Pure, so
// it is tested without a clock.

export class Pacer {
  private nextAt = Number.NEGATIVE_INFINITY;
  private startedAt: number | null = null;
  /** Spare time per second of sends; grows when WhatsApp says "too fast", shrinks back after. */
  marginMs: number;
  constructor(
    readonly rate: number,
    /** Starts that may go at once after a pause (the loop's timers are late by a millisecond or two). */
    readonly burst = Math.max(1, Math.floor(rate / 50)),
    readonly minMarginMs = 50,
    readonly maxMarginMs = 500,
    /** From a fifth of the rate to all of it over this long after the first start. */
    readonly rampMs = 2000,
  ) {
    this.marginMs = minMarginMs;
  }

  private interval(now: number): number {
    const ramp =
      this.rampMs > 0 && this.startedAt !== null
        ? Math.min(1, 0.2 + (0.8 * (now - this.startedAt)) / this.rampMs)
        : this.rampMs > 0
          ? 0.2
          : 1;
    return (1000 + this.marginMs) / (this.rate * ramp);
  }

  /** Milliseconds to wait before the next start is allowed at `now` (0: go). */
  wait(now: number): number {
    return Math.max(0, Math.ceil(this.nextAt - now));
  }

  take(now: number): void {
    this.startedAt ??= now;
    const interval = this.interval(now);
    this.nextAt = Math.max(this.nextAt, now - (this.burst - 1) * interval) + interval;
  }

  /** WhatsApp refused a send as too fast: half again the margin (to at most maxMarginMs). */
  throttled(): void {
    this.marginMs = Math.min(this.maxMarginMs, this.marginMs * 1.5);
  }

  /** A send went through: the margin creeps back towards its floor. */
  accepted(): void {
    // A fifth of the excess goes in about a hundred sends (half a second at 200/s).
    this.marginMs -= (this.marginMs - this.minMarginMs) * 0.002;
  }
}

/**
 * How many sends to keep in flight for `rate` per second: rate × the latency sends take now (an
 * exponentially weighted average), with half again as margin; at least 2, at most `rate` (a second's
 * worth) and the cap below (and never more than the rate).
 */
export class InFlightPace {
  private latencyMs: number;
  constructor(
    readonly rate: number,
    initialLatencyMs = 200,
  ) {
    this.latencyMs = initialLatencyMs;
  }

  /**
   * At most a quarter of a second's sends (and 64 at least, 256 at most): when WhatsApp (or the
   * simulator on this machine) answers slowly because it is saturated, more requests in flight only
   * lengthen its queue, make arrivals jitter past the rate limit, and leave more sends that a crash
   * would strand unanswered.
   */
  private get cap(): number {
    return Math.min(256, Math.max(64, Math.ceil(this.rate / 4)));
  }

  observe(ms: number): void {
    this.latencyMs += (ms - this.latencyMs) * 0.1;
  }

  concurrency(): number {
    const needed = Math.ceil((this.rate * this.latencyMs * 1.5) / 1000);
    return Math.max(1, Math.min(Math.max(2, needed), this.rate, this.cap));
  }
}

/** Exponential backoff for 130429 and 5xx: 1 s, 2 s, 4 s … up to 60 s. */
export function backoffMs(consecutive: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, consecutive - 1));
}

/**
 * Meta's Cloud API throughput per number, by the level Graph reports (`throughput.level`): 80 messages
 * per second by default (STANDARD), 1,000 once Meta has upgraded the number (HIGH). An unknown level is
 * taken as the default: pacing below the limit only costs time, above it costs 130429 refusals.
 */
export const THROUGHPUT_BY_LEVEL: Readonly<Record<string, number>> = { STANDARD: 80, HIGH: 1000 };
export const DEFAULT_THROUGHPUT = 80;

/** Sends per second for a number: the simulator's configured rate, or the live number's Meta level. */
export function numberThroughput(
  number: { kind: "LIVE" | "SANDBOX"; throughputLevel: string | null },
  sandboxRate: number,
): number {
  if (number.kind === "SANDBOX") return sandboxRate;
  return THROUGHPUT_BY_LEVEL[number.throughputLevel?.toUpperCase() ?? ""] ?? DEFAULT_THROUGHPUT;
}

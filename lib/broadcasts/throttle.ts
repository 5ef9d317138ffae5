// A sliding-window limiter: at most `rate` starts in any `windowMs` (WhatsApp counts throughput per
// second, and the sandbox counts the last second exactly so). Pure, so it is tested without a clock.

export class SlidingWindow {
  private readonly starts: number[] = [];
  constructor(
    readonly rate: number,
    readonly windowMs = 1000,
  ) {}

  /** Milliseconds to wait before the next start is allowed at `now` (0: go). */
  wait(now: number): number {
    while (this.starts.length && now - (this.starts[0] as number) >= this.windowMs) this.starts.shift();
    if (this.starts.length < this.rate) return 0;
    return (this.starts[0] as number) + this.windowMs - now;
  }

  take(now: number): void {
    this.starts.push(now);
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

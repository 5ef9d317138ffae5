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

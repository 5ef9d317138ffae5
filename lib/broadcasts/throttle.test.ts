import { describe, expect, it } from "vitest";
import { backoffMs, InFlightPace, numberThroughput, Pacer } from "./throttle";

describe("throttle", () => {
  it("spreads starts evenly at the rate less its margin, with a small burst after a pause", () => {
    const p = new Pacer(100, 1, 50, 500, 0); // 100/s, margin 50 ms, no ramp: one start every 10.5 ms
    expect(p.wait(0)).toBe(0);
    p.take(0);
    expect(p.wait(0)).toBe(11);
    expect(p.wait(10.5)).toBe(0);
    p.take(10.5);
    // A second of starts: at most 100 × 1000/1050 ≈ 95.
    let t = 10.5;
    let n = 2;
    while (t < 1000) {
      t += Math.max(1, p.wait(t));
      if (p.wait(t) === 0 && t < 1000) {
        p.take(t);
        n++;
      }
    }
    expect(n).toBeLessThanOrEqual(96);
    expect(n).toBeGreaterThanOrEqual(90);
    const b = new Pacer(200, undefined, 50, 500, 0); // burst 4
    for (let i = 0; i < 4; i++) {
      expect(b.wait(5000)).toBe(0);
      b.take(5000);
    }
    expect(b.wait(5000)).toBeGreaterThan(0);
  });
  it("ramps from a fifth of the rate to all of it over its first two seconds", () => {
    const p = new Pacer(100, 1);
    const startsIn = (from: number, to: number) => {
      let n = 0;
      for (let t = from; t < to; t++)
        if (p.wait(t) === 0) {
          p.take(t);
          n++;
        }
      return n;
    };
    const first = startsIn(0, 1000);
    const second = startsIn(1000, 2000);
    const third = startsIn(2000, 3000);
    expect(first).toBeGreaterThan(25);
    expect(first).toBeLessThan(50);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThanOrEqual(90);
    expect(third).toBeLessThanOrEqual(96);
  });
  it("widens its margin when told it went too fast, and narrows it back after", () => {
    const p = new Pacer(100);
    p.throttled();
    expect(p.marginMs).toBe(75);
    for (let i = 0; i < 10; i++) p.throttled();
    expect(p.marginMs).toBe(500);
    for (let i = 0; i < 112; i++) p.accepted();
    expect(p.marginMs).toBeGreaterThan(400);
    expect(p.marginMs).toBeLessThan(420); // 50 + 450 × 0.998^112 ≈ 409
    for (let i = 0; i < 5000; i++) p.accepted();
    expect(p.marginMs).toBeLessThan(51);
    expect(p.marginMs).toBeGreaterThanOrEqual(50);
  });
  it("keeps as many sends in flight as the pace needs at the latency observed", () => {
    const p = new InFlightPace(200, 200);
    expect(p.concurrency()).toBe(60); // 200/s × 0.2 s × 1.5
    for (let i = 0; i < 100; i++) p.observe(1000);
    expect(p.concurrency()).toBe(64); // the cap: a slow answer is a saturated server
    const small = new InFlightPace(40, 2000);
    expect(small.concurrency()).toBe(40); // a second's worth at most
    for (let i = 0; i < 200; i++) p.observe(10);
    expect(p.concurrency()).toBe(4); // ceil(200 × ~0.01 × 1.5)
    const slow = new InFlightPace(1000, 2000);
    expect(slow.concurrency()).toBe(250); // a quarter of a second of sends at 1,000/s
    expect(new InFlightPace(1, 10).concurrency()).toBe(1);
  });
  it("backs off exponentially with a cap", () => {
    expect([1, 2, 3, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 60000]);
  });
  it("paces a live number by its Meta throughput level and the sandbox by its configured rate", () => {
    const live = (throughputLevel: string | null) => numberThroughput({ kind: "LIVE", throughputLevel }, 200);
    expect(live("STANDARD")).toBe(80);
    expect(live("HIGH")).toBe(1000);
    expect(live("high")).toBe(1000);
    expect(live(null)).toBe(80);
    expect(live("NOT_APPLICABLE")).toBe(80);
    expect(numberThroughput({ kind: "SANDBOX", throughputLevel: "HIGH" }, 200)).toBe(200);
  });
});

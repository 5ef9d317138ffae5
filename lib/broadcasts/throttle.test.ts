import { describe, expect, it } from "vitest";
import { backoffMs, numberThroughput, SlidingWindow } from "./throttle";

describe("throttle", () => {
  it("allows `rate` starts in any window, then waits for the oldest to leave it", () => {
    const w = new SlidingWindow(3, 1000);
    for (const t of [0, 10, 20]) {
      expect(w.wait(t)).toBe(0);
      w.take(t);
    }
    expect(w.wait(30)).toBe(970);
    expect(w.wait(1000)).toBe(0);
    w.take(1000);
    expect(w.wait(1005)).toBe(5);
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

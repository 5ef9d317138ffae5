import { describe, expect, it } from "vitest";
import { backoffMs, SlidingWindow } from "./throttle";

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
});

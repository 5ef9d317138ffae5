import { describe, expect, it } from "vitest";
import { isWindowOpen, WINDOW_MS, windowClosesAt } from "./window";

describe("24-hour window", () => {
  const now = Date.parse("2026-11-22T12:00:00Z");
  it("is open until 24 hours after the customer's last message", () => {
    expect(isWindowOpen(new Date(now - WINDOW_MS + 1000), now)).toBe(true);
    expect(isWindowOpen(new Date(now - WINDOW_MS), now)).toBe(false);
  });
  it("is closed when the customer never wrote", () => {
    expect(isWindowOpen(null, now)).toBe(false);
    expect(windowClosesAt(null)).toBeNull();
  });
  it("closes exactly 24 hours later", () => {
    expect(windowClosesAt(new Date(now))?.toISOString()).toBe("2026-11-23T12:00:00.000Z");
  });
});

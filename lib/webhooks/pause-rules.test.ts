import { describe, expect, it } from "vitest";
import { shouldPause } from "./pause-rules";

describe("automatic pausing thresholds", () => {
  it("pauses above 85% with at least 10 failures and 20 deliveries", () => {
    expect(shouldPause({ deliveries: 20, failures: 18 })).toBe(true); // 90%
    expect(shouldPause({ deliveries: 20, failures: 20 })).toBe(true);
    expect(shouldPause({ deliveries: 21, failures: 18 })).toBe(true); // 85.7%
  });
  it("does not pause at exactly 85%", () => {
    expect(shouldPause({ deliveries: 20, failures: 17 })).toBe(false);
    expect(shouldPause({ deliveries: 100, failures: 85 })).toBe(false);
    expect(shouldPause({ deliveries: 100, failures: 86 })).toBe(true);
  });
  it("needs at least 20 deliveries", () => {
    expect(shouldPause({ deliveries: 19, failures: 19 })).toBe(false);
    expect(shouldPause({ deliveries: 20, failures: 19 })).toBe(true);
  });
  it("needs at least 10 failures", () => {
    // With 20 or more deliveries, above 85% already means more than 17 failures; the floor matters for
    // the count only through the deliveries minimum, so check it directly too.
    expect(shouldPause({ deliveries: 20, failures: 9 })).toBe(false);
    expect(shouldPause({ deliveries: 9, failures: 9 })).toBe(false);
    expect(shouldPause({ deliveries: 0, failures: 0 })).toBe(false);
  });
});

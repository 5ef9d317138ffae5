import { describe, expect, it } from "vitest";
import { qualityLabel } from "./quality";

describe("qualityLabel", () => {
  it("names Meta's colours the way the lists show them", () => {
    expect(qualityLabel("GREEN")).toBe("High");
    expect(qualityLabel("yellow")).toBe("Medium");
    expect(qualityLabel("RED")).toBe("Low");
  });

  it("reads anything unrated as Unknown", () => {
    expect(qualityLabel("UNKNOWN")).toBe("Unknown");
    expect(qualityLabel(null)).toBe("Unknown");
    expect(qualityLabel("")).toBe("Unknown");
  });
});

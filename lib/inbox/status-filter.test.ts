import { describe, expect, it } from "vitest";
import { parseStatusFilter, statusFilterParam, statusForApi } from "./status-filter";

describe("status filter in the URL", () => {
  it.each([
    [null, "active"],
    ["active", "active"],
    ["ACTIVE", "active"],
    ["ended", "ended"],
    ["Ended", "ended"],
    ["ENDED", "ended"],
    ["all", "all"],
    ["ALL", "all"],
    [" all ", "all"],
    ["closed", "active"],
  ])("reads %s as %s", (raw, want) => {
    expect(parseStatusFilter(raw)).toBe(want);
  });

  it("writes one lower-case spelling and omits the default", () => {
    expect(statusFilterParam("active")).toBeNull();
    expect(statusFilterParam("ended")).toBe("ended");
    expect(statusFilterParam("all")).toBe("all");
  });

  it("asks the API for the matching status, or none for all", () => {
    expect(statusForApi(parseStatusFilter("ended"))).toBe("ENDED");
    expect(statusForApi(parseStatusFilter("ACTIVE"))).toBe("ACTIVE");
    expect(statusForApi(parseStatusFilter("all"))).toBeUndefined();
  });
});

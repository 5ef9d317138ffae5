import { describe, expect, it } from "vitest";
import { countOf, initials } from "./utils";

describe("countOf", () => {
  it("puts the noun in the number the count needs", () => {
    expect(countOf(1, "duplicate")).toBe("1 duplicate");
    expect(countOf(0, "row")).toBe("0 rows");
    expect(countOf(2, "recipient")).toBe("2 recipients");
    expect(countOf(1000, "row")).toBe(`${(1000).toLocaleString()} rows`);
    expect(countOf(3, "reply", "replies")).toBe("3 replies");
  });
});

describe("initials", () => {
  it("takes a business name's first letters, as the sandbox phone's header shows them", () => {
    expect(initials("Sandbox", "")).toBe("S");
    expect(initials("Acme Bakery", "")).toBe("AB");
    expect(initials(null, "ana@example.com")).toBe("AE");
  });
});

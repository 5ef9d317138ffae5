import { describe, expect, it } from "vitest";
import { KAPSO_FIELDS, parseKapsoFields } from "./kapso-fields";
import { decodeCursor, encodeCursor, page, parseTime } from "./paging";

describe("kapso field selection", () => {
  it("defaults, omits, selects and expands", () => {
    expect(parseKapsoFields(null).has("direction")).toBe(true);
    expect(parseKapsoFields("kapso()").size).toBe(0);
    expect(parseKapsoFields("kapso(*)").size).toBe(KAPSO_FIELDS.length);
    expect([...parseKapsoFields("kapso(status, contact_name, bogus)")]).toEqual(["status", "contact_name"]);
  });
});

describe("paging helpers", () => {
  it("round-trips cursors and rejects garbage", () => {
    const c = { t: "2026-11-22T10:00:00.000Z", id: "abc" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("not-a-cursor")).toBeNull();
  });
  it("reads ISO dates and Unix seconds", () => {
    expect(parseTime("1700000000")?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(parseTime("2026-11-22")?.getUTCFullYear()).toBe(2026);
    expect(parseTime("yesterday")).toBeNull();
  });
});

describe("page", () => {
  const url = new URL("http://x/messages?before=abc");
  const key = (n: number) => ({ t: new Date(n * 1000).toISOString(), id: String(n) });
  it("going back keeps the rows nearest the cursor and shows them newest first", () => {
    // Read towards newer rows, oldest first: 11, 12, 13 (limit 2, one extra to know there is more).
    const p = page([11, 12, 13], 2, key, url, "before", () => "https://app.example");
    expect(p.data).toEqual([12, 11]);
    expect(p.paging.previous).toBeDefined();
  });
  it("going forward keeps order and links the next page", () => {
    const p = page([9, 8, 7], 2, key, new URL("http://x/messages"), "after", () => "https://app.example");
    expect(p.data).toEqual([9, 8]);
    expect(p.paging.next).toContain("after=");
    // Links point at the app's public address, not at the host the request named.
    expect(p.paging.next?.startsWith("https://app.example/messages?")).toBe(true);
  });
});

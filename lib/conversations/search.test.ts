import { describe, expect, it } from "vitest";
import { searchQuery } from "./search";

describe("searchQuery", () => {
  it("treats a number fragment as digits, ignoring formatting", () => {
    expect(searchQuery("+1 (555) 010-")).toEqual({ kind: "digits", digits: "1555010" });
  });

  it("matches words as prefixes, all of them required", () => {
    expect(searchQuery("Ana  refund")).toEqual({ kind: "words", tsquery: "ana:* & refund:*" });
  });

  it("drops tsquery operators a user might type", () => {
    expect(searchQuery("a & !b | (c)")).toEqual({ kind: "words", tsquery: "a:* & b:* & c:*" });
    expect(searchQuery("!&|")).toBeNull();
  });

  it("keeps accented letters and short digit runs as words", () => {
    expect(searchQuery("José 12")).toEqual({ kind: "words", tsquery: "josé:* & 12:*" });
    expect(searchQuery("   ")).toBeNull();
  });
});

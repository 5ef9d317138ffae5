import { describe, expect, it } from "vitest";
import { fillPlaceholders, templatePlaceholders } from "./render";

describe("template placeholders", () => {
  it("lists positional placeholders once, in numeric order", () => {
    expect(templatePlaceholders("Hi {{2}}, {{1}} and {{ 2 }} again; {{10}}")).toEqual(["1", "2", "10"]);
  });

  it("lists named placeholders in order of appearance", () => {
    expect(templatePlaceholders("Hi {{first_name}}, order {{order_id}}")).toEqual(["first_name", "order_id"]);
    expect(templatePlaceholders(undefined)).toEqual([]);
  });

  it("fills what has a value and leaves the rest as written", () => {
    const values = ["Ana"];
    expect(fillPlaceholders("Hi {{1}}, order {{2}}", (k) => values[Number(k) - 1])).toBe(
      "Hi Ana, order {{2}}",
    );
  });
});

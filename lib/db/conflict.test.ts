import { describe, expect, it } from "vitest";
import { isRetryableConflict } from "./conflict";

describe("isRetryableConflict", () => {
  it.each([
    ["the driver's deadlock", Object.assign(new Error("deadlock detected"), { code: "40P01" }), true],
    ["the driver's serialization failure", Object.assign(new Error("x"), { code: "40001" }), true],
    ["Prisma's, by meta", Object.assign(new Error("Raw query failed"), { meta: { code: "40P01" } }), true],
    ["Prisma's, by message", new Error("Code: `40001`. Message: `could not serialize access`"), true],
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" }), false],
    ["a plain error", new Error("connection refused"), false],
    ["not an error", "deadlock", false],
    ["nothing", undefined, false],
  ])("%s", (_name, e, expected) => {
    expect(isRetryableConflict(e)).toBe(expected);
  });
});

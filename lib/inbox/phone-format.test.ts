import { describe, expect, it } from "vitest";
import { formatPhone } from "./phone-format";

describe("formatPhone", () => {
  it.each([
    ["14155550000", "+1 415 555 0000"],
    ["447705334782", "+44 770 533 4782"],
    ["5511987654321", "+55 119 876 543 21"],
    ["+5215550001111", "+52 155 500 011 11"],
    ["97150123456", "+971 501 234 56"],
    ["79161234567", "+7 916 123 4567"],
  ])("groups %s as %s", (raw, want) => {
    expect(formatPhone(raw)).toBe(want);
  });

  it("leaves what is not a phone number alone", () => {
    expect(formatPhone("US.13491208655302741918")).toBe("US.13491208655302741918");
    expect(formatPhone("1234")).toBe("1234");
    expect(formatPhone(null)).toBe("");
  });
});

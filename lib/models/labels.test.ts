import { describe, expect, it } from "vitest";
import { matchLabel } from "./labels";

describe("matchLabel", () => {
  const labels = ["yes", "no", "Talk to a human"];
  it.each([
    ["yes", "yes"],
    [" no \n", "no"],
    ['"yes"', "yes"],
    ["YES.", "yes"],
    ["Label: no", "no"],
    ["**Talk to a human**", "Talk to a human"],
    ["talk to a human", "Talk to a human"],
    ['{"label":"no"}', "no"],
    ['{"next_edge":"yes"}', "yes"],
    ['"no"', "no"],
  ])("%j names %j", (answer, label) => {
    expect(matchLabel(answer, labels)).toBe(label);
  });

  it.each(["maybe", "yes or no", "", "I would say yes", '{"label": 3}', "ye"])(
    "%j names nothing",
    (answer) => {
      expect(matchLabel(answer, labels)).toBeUndefined();
    },
  );

  it("prefers an exact match over a case-insensitive one, and refuses an ambiguous one", () => {
    expect(matchLabel("Yes", ["yes", "Yes"])).toBe("Yes");
    expect(matchLabel("YES", ["yes", "Yes"])).toBeUndefined();
  });
});

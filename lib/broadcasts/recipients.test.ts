import { describe, expect, it } from "vitest";
import { checkRecipients, normalizePhone, templateNeeds } from "./recipients";

const needs = templateNeeds([
  { type: "HEADER", format: "TEXT", text: "Hello" },
  { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped." },
]);

describe("broadcast recipients", () => {
  it("reads what the template needs", () => {
    expect(needs).toEqual({ body: ["1", "2"], header: [] });
  });

  it("normalizes phone numbers and refuses what cannot be one", () => {
    expect(normalizePhone("+1 (555) 010-0001")).toBe("15550100001");
    expect(normalizePhone("12")).toBeNull();
    expect(normalizePhone("abc")).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });

  it("counts duplicates, names errors by index, and builds body components from the shorthand", () => {
    const r = checkRecipients(
      [
        { phone_number: "+15550100001", parameters: ["Ana", "#1"] },
        { phone_number: "15550100001", parameters: ["Ana", "#1"] },
        { phone_number: "nope", parameters: ["A", "B"] },
        { phone_number: "15550100002", parameters: ["only one"] },
        {
          phone_number: "15550100003",
          components: [
            {
              type: "body",
              parameters: [
                { type: "text", text: "Bo" },
                { type: "text", text: "#3" },
              ],
            },
          ],
        },
        { phone_number: "15550100004", parameters: ["new\nline", "x"] },
      ],
      needs,
    );
    expect(r.valid.map((v) => v.phone)).toEqual(["15550100001", "15550100003"]);
    expect(r.valid[0]?.components).toEqual([
      {
        type: "body",
        parameters: [
          { type: "text", text: "Ana" },
          { type: "text", text: "#1" },
        ],
      },
    ]);
    expect(r.duplicates).toBe(1);
    expect(r.errors.map((e) => e.index)).toEqual([2, 3, 5]);
    expect(r.errors[1]?.error).toMatch(/takes 2 parameters; got 1/);
  });
});

import { describe, expect, it } from "vitest";
import { fillPlaceholders, previewText, renderTemplate, templatePlaceholders } from "./render";

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

describe("previewText", () => {
  it("names media and locations in words, so previews read right without an emoji font", () => {
    const emoji = /\p{Extended_Pictographic}/u;
    for (const [type, payload] of [
      ["image", { image: { caption: "my cat" } }],
      ["video", { video: {} }],
      ["document", { document: {} }],
      ["audio", { audio: {} }],
      ["location", { location: { name: "Shop" } }],
    ] as const)
      expect(previewText({ type, payload })).not.toMatch(emoji);
    expect(previewText({ type: "image", payload: { image: { caption: "my cat" } } })).toBe("Photo: my cat");
    expect(previewText({ type: "location", payload: { location: { name: "Shop" } } })).toBe("Location: Shop");
  });
});

describe("named template parameters", () => {
  it("fills {{name}} placeholders from parameter_name", () => {
    const r = renderTemplate(
      {
        template: {
          name: "spring",
          language: { code: "en_US" },
          components: [
            { type: "body", parameters: [{ type: "text", parameter_name: "first_name", text: "Eve" }] },
          ],
        },
      },
      [
        {
          name: "spring",
          language: "en_US",
          components: [{ type: "BODY", text: "Hi {{first_name}}, welcome." }],
        },
      ],
    );
    expect(r.body).toBe("Hi Eve, welcome.");
  });
});

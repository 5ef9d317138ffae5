import { describe, expect, it } from "vitest";
import { sendComponents, sendSlots } from "./send-components";

const named = [
  { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::x"] } },
  {
    type: "BODY",
    text: "Hi {{first_name}}, {{item}} is back.",
    example: {
      body_text_named_params: [
        { param_name: "first_name", example: "Ana" },
        { param_name: "item", example: "shoes" },
      ],
    },
  },
  {
    type: "BUTTONS",
    buttons: [
      { type: "QUICK_REPLY", text: "Yes" },
      { type: "URL", text: "Shop", url: "https://x.com/s/{{1}}", example: ["https://x.com/s/a1"] },
      { type: "COPY_CODE", example: ["SAVE10"] },
    ],
  },
];

describe("send components", () => {
  it("asks for the media link, each named variable and the button parameters, with examples", () => {
    expect(sendSlots(named).map((s) => [s.id, s.kind, s.example])).toEqual([
      ["header", "image", undefined],
      ["body:first_name", "text", "Ana"],
      ["body:item", "text", "shoes"],
      ["button:1", "url_suffix", "a1"],
      ["button:2", "coupon", "SAVE10"],
    ]);
  });
  it("builds Graph's components with parameter_name for NAMED templates", () => {
    const values = {
      header: "https://x.com/a.png",
      "body:first_name": "Eve",
      "body:item": "hats",
      "button:1": "z9",
      "button:2": "CODE1",
    };
    expect(sendComponents(named, "NAMED", values)).toEqual([
      { type: "header", parameters: [{ type: "image", image: { link: "https://x.com/a.png" } }] },
      {
        type: "body",
        parameters: [
          { type: "text", text: "Eve", parameter_name: "first_name" },
          { type: "text", text: "hats", parameter_name: "item" },
        ],
      },
      { type: "button", sub_type: "url", index: "1", parameters: [{ type: "text", text: "z9" }] },
      {
        type: "button",
        sub_type: "copy_code",
        index: "2",
        parameters: [{ type: "coupon_code", coupon_code: "CODE1" }],
      },
    ]);
  });
  it("positional text header and body, without parameter names", () => {
    const c = [
      { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#1"] } },
      { type: "BODY", text: "Hi {{1}}, {{2}}.", example: { body_text: [["A", "B"]] } },
    ];
    expect(sendComponents(c, "POSITIONAL", { header: "#9", "body:1": "x", "body:2": "y" })).toEqual([
      { type: "header", parameters: [{ type: "text", text: "#9" }] },
      {
        type: "body",
        parameters: [
          { type: "text", text: "x" },
          { type: "text", text: "y" },
        ],
      },
    ]);
  });
});

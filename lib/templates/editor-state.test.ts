import { describe, expect, it } from "vitest";
import { emptyButton, emptyState, fieldOf, fromTemplate, problemsByField, toPayload } from "./editor-state";
import { checkTemplate } from "./rules";

describe("editor state", () => {
  it("builds a valid NAMED payload with a media header and buttons, and reads it back", () => {
    const s = emptyState();
    Object.assign(s, {
      name: "spring_sale",
      parameterFormat: "NAMED",
      headerFormat: "IMAGE",
      headerHandle: "4::h",
      body: "Hi {{first_name}}, spring prices are here.",
      examples: { "body:first_name": "Ana" },
      footer: "Reply STOP to opt out",
      buttons: [
        { ...emptyButton("QUICK_REPLY"), text: "Yes" },
        { ...emptyButton("URL"), text: "Shop", url: "https://x.com/{{1}}", urlExample: "https://x.com/a" },
      ],
    });
    const payload = toPayload(s);
    expect(checkTemplate(payload)).toEqual([]);
    const back = fromTemplate({ ...payload, parameterFormat: "NAMED", components: payload.components });
    expect(toPayload(back)).toEqual(payload);
  });
  it("maps each problem to the field that shows it", () => {
    const s = emptyState();
    Object.assign(s, { name: "Bad Name", body: "Hi {{1}} and {{2}} here", headerFormat: "IMAGE" });
    const by = problemsByField(checkTemplate(toPayload(s)), s);
    expect([...by.keys()]).toEqual(["name", "header-sample", "example:body:1", "example:body:2"]);
    expect(fieldOf("components.BUTTONS.buttons[3].url", s)).toBe("button-3");
    expect(fieldOf("components.FOOTER.code_expiration_minutes", s)).toBe("expiry");
  });
  it("authentication: preset body, expiry footer, the OTP button", () => {
    const s = { ...emptyState(), name: "login", category: "AUTHENTICATION" as const, codeExpiry: "95" };
    const by = problemsByField(checkTemplate(toPayload(s)), s);
    expect([...by.keys()]).toEqual(["expiry"]);
  });
});

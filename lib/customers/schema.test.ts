import { describe, expect, it } from "vitest";
import { setupLinkFields } from "./schema";

describe("setup link redirect URLs", () => {
  it("reads a blank optional redirect as none, as the dashboard's form posts it", () => {
    const parsed = setupLinkFields.parse({ successRedirectUrl: "", failureRedirectUrl: "  " });
    expect(parsed.successRedirectUrl).toBeNull();
    expect(parsed.failureRedirectUrl).toBeNull();
  });

  it("keeps a valid URL and refuses other schemes and credentials", () => {
    expect(
      setupLinkFields.parse({ successRedirectUrl: "https://app.example.com/ok" }).successRedirectUrl,
    ).toBe("https://app.example.com/ok");
    expect(setupLinkFields.safeParse({ successRedirectUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(setupLinkFields.safeParse({ failureRedirectUrl: "https://u:p@example.com/" }).success).toBe(false);
    expect(setupLinkFields.safeParse({ failureRedirectUrl: "not a url" }).success).toBe(false);
  });
});

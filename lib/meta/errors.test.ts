import { describe, expect, it } from "vitest";
import { explainGraphError } from "./errors";

const err = (code: number, details?: string, httpStatus = 400) => ({
  code,
  details,
  message: `(#${code})`,
  httpStatus,
  fbtraceId: "AbC",
});

describe("explainGraphError", () => {
  it("tells the user to send a template outside the 24-hour window", () => {
    const p = explainGraphError(err(131047));
    expect(p.action).toMatch(/template/);
    expect(p.retryable).toBe(false);
    expect(p.status).toBe(422);
  });

  it("retries rate limits", () => {
    for (const code of [130429, 131056, 4])
      expect(explainGraphError(err(code))).toMatchObject({ retryable: true, status: 429 });
  });

  it("sends an expired token to the Numbers page", () => {
    expect(explainGraphError(err(190, undefined, 401)).action).toMatch(/access token/);
  });

  it("names the wrong field for code 100", () => {
    const p = explainGraphError(err(100, "Param text['body'] is required"));
    expect(p.field).toBe("text.body");
    expect(p.action).toContain("text.body");
  });

  it("treats server errors as transient", () => {
    expect(explainGraphError(err(131000, undefined, 500)).retryable).toBe(true);
  });
});

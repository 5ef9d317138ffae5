import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, parseOrThrow, toPublicError } from "./errors";

describe("errors", () => {
  it("turns zod failures into a validation error naming the field", () => {
    const schema = z.object({ email: z.string().email("Enter a valid email address") });
    try {
      parseOrThrow(schema, { email: "nope" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(422);
      expect(err.fields).toEqual({ email: "Enter a valid email address" });
      expect(err.message).toBe("email: Enter a valid email address");
    }
  });

  it("never leaks an unexpected error's message", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const err = toPublicError(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"), "test");
    expect(err.status).toBe(500);
    expect(err.message).not.toMatch(/ECONNREFUSED|hunter2/);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("keeps AppErrors as they are", () => {
    const e = new AppError("conflict", "Already a member");
    expect(toPublicError(e, "test")).toBe(e);
    expect(e.status).toBe(409);
  });
});

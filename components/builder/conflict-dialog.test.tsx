import { describe, expect, it } from "vitest";
import { conflictAuthor } from "./conflict-dialog";

describe("conflictAuthor", () => {
  it("names who saved from the server's details (a display name), or says someone else", () => {
    expect(conflictAuthor({ currentVersion: 17, updatedBy: "Ana Díaz" })).toBe("Ana Díaz");
    expect(conflictAuthor({ currentVersion: 17, updatedBy: null })).toBe("Someone else");
    expect(conflictAuthor({ currentVersion: 17, updatedBy: "  " })).toBe("Someone else");
    expect(conflictAuthor(null)).toBe("Someone else");
  });
});

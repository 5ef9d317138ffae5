import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./demo";

describe("isLoopbackHost", () => {
  it("knows which listen addresses only this machine can reach", () => {
    for (const h of ["127.0.0.1", "127.0.1.1", "localhost", "::1"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.com"])
      expect(isLoopbackHost(h)).toBe(false);
  });
});

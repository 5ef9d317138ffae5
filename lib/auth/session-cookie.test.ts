import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { userIdFromCookie } from "./session-cookie";

const secret = "s".repeat(40);
const name = "authjs.session-token";

describe("userIdFromCookie", () => {
  it("reads the user id from a valid Auth.js session cookie", async () => {
    const token = await encode({ token: { uid: "user_1" }, secret, salt: name });
    expect(await userIdFromCookie(`theme=dark; ${name}=${token}`, secret)).toBe("user_1");
  });

  it("reads a session split into chunks", async () => {
    const token = await encode({ token: { uid: "user_2" }, secret, salt: name });
    const half = Math.floor(token.length / 2);
    expect(
      await userIdFromCookie(`${name}.0=${token.slice(0, half)}; ${name}.1=${token.slice(half)}`, secret),
    ).toBe("user_2");
  });

  it("refuses a missing, forged or expired cookie", async () => {
    expect(await userIdFromCookie(undefined, secret)).toBeNull();
    const forged = await encode({ token: { uid: "user_1" }, secret: "other".repeat(10), salt: name });
    expect(await userIdFromCookie(`${name}=${forged}`, secret)).toBeNull();
    const expired = await encode({ token: { uid: "user_1" }, secret, salt: name, maxAge: -120 });
    expect(await userIdFromCookie(`${name}=${expired}`, secret)).toBeNull();
  });
});

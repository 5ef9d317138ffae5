import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { changePassword } from "@/lib/account/mutations";
import { db } from "@/lib/db/client";
import { makeUser } from "@/prisma/factories";
import { sessionFromCookie } from "./session-cookie";

vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

// The real Auth.js handlers with real requests: a cookie that was signed out, or whose user changed
// the password elsewhere, must stop working on its next request, not 30 days later.

const BASE = "http://127.0.0.1:3000";
const COOKIE = "authjs.session-token";
let handlers: typeof import("./auth").handlers;

beforeAll(async () => {
  ({ handlers } = await import("./auth"));
});

function cookiesOf(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair!.indexOf("=");
    out.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
  return out;
}
const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function csrf(cookie = ""): Promise<{ token: string; jar: Map<string, string> }> {
  const res = await handlers.GET(new NextRequest(`${BASE}/api/auth/csrf`, { headers: { cookie } }));
  return { token: ((await res.json()) as { csrfToken: string }).csrfToken, jar: cookiesOf(res) };
}

async function signIn(email: string, password: string, ip = "10.0.0.1"): Promise<Map<string, string>> {
  const { token, jar } = await csrf();
  const res = await handlers.POST(
    new NextRequest(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: header(jar),
        "x-forwarded-for": ip,
      },
      body: new URLSearchParams({ email, password, csrfToken: token, callbackUrl: "/" }),
    }),
  );
  const set = cookiesOf(res);
  expect(set.get(COOKIE), "sign-in sets a session cookie").toBeTruthy();
  return new Map([...jar, [COOKIE, set.get(COOKIE)!]]);
}

async function sessionUserId(jar: Map<string, string>): Promise<string | null> {
  const res = await handlers.GET(
    new NextRequest(`${BASE}/api/auth/session`, { headers: { cookie: header(jar) } }),
  );
  const body = (await res.json()) as { user?: { id?: string } } | null;
  return body?.user?.id ?? null;
}

async function sidOf(jar: Map<string, string>) {
  return (await sessionFromCookie(header(jar), process.env.AUTH_SECRET!))?.sid ?? null;
}

describe("sessions end when they should", () => {
  it("a signed-out cookie no longer works, even a copy kept elsewhere", async () => {
    const user = await makeUser({ password: "first password 1" });
    const jar = await signIn(user.email, "first password 1");
    const copy = new Map(jar);
    expect(await sessionUserId(jar)).toBe(user.id);

    const { token } = await csrf(header(jar));
    const res = await handlers.POST(
      new NextRequest(`${BASE}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(jar) },
        body: new URLSearchParams({ csrfToken: token, callbackUrl: "/login" }),
      }),
    );
    expect(res.status).toBeLessThan(400);
    expect(await sessionUserId(copy)).toBeNull();
  });

  it("a password change ends every other session and keeps the caller's", async () => {
    const user = await makeUser({ password: "first password 2" });
    const here = await signIn(user.email, "first password 2");
    const elsewhere = await signIn(user.email, "first password 2");
    expect(await sessionUserId(elsewhere)).toBe(user.id);

    await changePassword(
      user,
      { currentPassword: "first password 2", newPassword: "second password 2" },
      { ip: "10.0.0.2", keepSid: await sidOf(here) },
    );
    expect(await sessionUserId(here)).toBe(user.id);
    expect(await sessionUserId(elsewhere)).toBeNull();
    await signIn(user.email, "second password 2");
  });

  it("the current-password check is rate limited like sign-in", async () => {
    const user = await makeUser({ password: "first password 3" });
    const client = { ip: "10.0.0.3", keepSid: null };
    for (let i = 0; i < 5; i++)
      await expect(
        changePassword(user, { currentPassword: `guess ${i}`, newPassword: "whatever password" }, client),
      ).rejects.toMatchObject({ code: "validation" });
    // The sixth try is refused before the password is looked at, even the right one.
    await expect(
      changePassword(user, { currentPassword: "first password 3", newPassword: "second password 3" }, client),
    ).rejects.toMatchObject({ code: "rate_limited" });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    const { verifyPassword } = await import("./password");
    expect(await verifyPassword("first password 3", row.passwordHash)).toBe(true);
  });
});

import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { createProject } from "./mutations";

export const DEMO_EMAIL = "owner@switchboard.local";
export const DEMO_PASSWORD = "switchboard";

/** Whether a listen address is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/**
 * First run: when the database has no users, create the demo owner and project so a new install can
 * sign in at once. Returns the credentials when it created them. Several instances starting together
 * race harmlessly: the unique email lets only one create the user.
 *
 * The well-known password is used only when the server listens on loopback (nobody else can reach it
 * before the owner does); otherwise a random one is generated and printed once. Either way the first
 * sign-in must choose a new password before anything else works.
 */
export async function ensureDemoProject(
  opts: { host: string } = { host: "127.0.0.1" },
): Promise<{ email: string; password: string } | null> {
  if ((await db().user.count()) > 0) return null;
  const password = isLoopbackHost(opts.host) ? DEMO_PASSWORD : randomBytes(12).toString("base64url");
  try {
    const user = await db().user.create({
      data: {
        email: DEMO_EMAIL,
        name: "Demo Owner",
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      },
      select: { id: true },
    });
    await createProject(user.id, "Demo");
    return { email: DEMO_EMAIL, password };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return null;
    throw e;
  }
}

import "@/lib/server-only";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { createProject } from "./mutations";

export const DEMO_EMAIL = "owner@switchboard.local";
export const DEMO_PASSWORD = "switchboard";

/**
 * First run: when the database has no users, create the demo owner and project so a new install can
 * sign in at once. Returns the credentials when it created them. Several instances starting together
 * race harmlessly: the unique email lets only one create the user.
 */
export async function ensureDemoProject(): Promise<{ email: string; password: string } | null> {
  if ((await db().user.count()) > 0) return null;
  try {
    const user = await db().user.create({
      data: { email: DEMO_EMAIL, name: "Demo Owner", passwordHash: await hashPassword(DEMO_PASSWORD) },
      select: { id: true },
    });
    await createProject(user.id, "Demo");
    return { email: DEMO_EMAIL, password: DEMO_PASSWORD };
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return null;
    throw e;
  }
}

"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { requireUser } from "@/lib/auth/session";
import { sessionFromCookie } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";
import { runAction } from "@/lib/http/action";
import { changePassword, updateProfile } from "./mutations";
import { changePasswordSchema, updateProfileSchema } from "./schema";

export async function updateProfileAction(input: unknown) {
  return runAction("updateProfile", updateProfileSchema, input, async ({ name }) => {
    const user = await requireUser();
    await updateProfile(user.id, name);
    revalidatePath("/", "layout");
  });
}

export async function changePasswordAction(input: unknown) {
  return runAction("changePassword", changePasswordSchema, input, async (data) => {
    const user = await requireUser({ passwordChange: true });
    const cookieHeader = (await cookies()).toString();
    const session = await sessionFromCookie(cookieHeader, env().AUTH_SECRET);
    const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
    await changePassword(user, data, { ip, keepSid: session?.sid ?? null });
  });
}

"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { sessionFromCookie } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";
import { defineUserAction } from "@/lib/http/define-action";
import { changePassword, updateProfile } from "./mutations";
import { changePasswordSchema, updateProfileSchema } from "./schema";

export const updateProfileAction = defineUserAction(
  { name: "updateProfile", input: updateProfileSchema },
  async ({ name }, user) => {
    await updateProfile(user.id, name);
    revalidatePath("/", "layout");
  },
);

export const changePasswordAction = defineUserAction(
  { name: "changePassword", input: changePasswordSchema, passwordChange: true },
  async (data, user) => {
    const session = await sessionFromCookie((await cookies()).toString(), env().AUTH_SECRET);
    const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
    await changePassword(user, data, { ip, keepSid: session?.sid ?? null });
  },
);

"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/session";
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
    const user = await requireUser();
    await changePassword(user.id, data.currentPassword, data.newPassword);
  });
}

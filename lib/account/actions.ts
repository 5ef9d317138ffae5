"use server";

import { revalidatePath } from "next/cache";
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
  { name: "changePassword", input: changePasswordSchema },
  async (data, user) => {
    await changePassword(user.id, data.currentPassword, data.newPassword);
  },
);

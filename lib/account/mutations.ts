import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function updateProfile(userId: string, name: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { name } });
}

export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(currentPassword, user?.passwordHash))) {
    throw new AppError("validation", "Your current password is not correct.", {
      fields: { currentPassword: "Not correct" },
    });
  }
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(newPassword) } });
}

import "@/lib/server-only";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { isLoginBlocked, recordLoginFailure } from "@/lib/auth/rate-limit";
import { announceSessionsEnded, endOtherSessions } from "@/lib/auth/session-store";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function updateProfile(userId: string, name: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { name } });
}

/**
 * Changes a password after checking the current one, under the sign-in rate limit (a stolen session
 * must not become a way to guess the password). Every other session of the user ends; the caller's
 * (`keepSid`) stays.
 */
export async function changePassword(
  user: { id: string; email: string },
  input: { currentPassword: string; newPassword: string },
  client: { ip: string; keepSid: string | null },
): Promise<void> {
  if (await isLoginBlocked(user.email, client.ip))
    throw new AppError("rate_limited", "Too many failed attempts. Wait 15 minutes, then try again.");
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.currentPassword, row?.passwordHash))) {
    await recordLoginFailure(user.email, client.ip);
    throw new AppError("validation", "Your current password is not correct.", {
      fields: { currentPassword: "Not correct" },
    });
  }
  if (input.newPassword === input.currentPassword)
    throw new AppError("validation", "Choose a password different from the current one.", {
      fields: { newPassword: "Same as the current password" },
    });
  await db().user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false },
  });
  await endOtherSessions(user.id, client.keepSid);
  await announceSessionsEnded(user.id, { except: client.keepSid });
}

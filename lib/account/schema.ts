import { z } from "zod";

export const updateProfileSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(80, "Name can be at most 80 characters"),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: z.string().min(10, "Use at least 10 characters").max(200, "Use at most 200 characters"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match",
  });

import { z } from "zod";

export const roleSchema = z.enum(["OWNER", "ADMIN", "MEMBER"], {
  message: "Role must be owner, admin or member",
});

export const addMemberSchema = z.object({
  projectId: z.string().min(1),
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  name: z.string().trim().max(80, "Name can be at most 80 characters").optional().default(""),
  role: roleSchema,
});
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const changeRoleSchema = z.object({
  projectId: z.string().min(1),
  userId: z.string().min(1),
  role: roleSchema,
});
export const removeMemberSchema = z.object({ projectId: z.string().min(1), userId: z.string().min(1) });

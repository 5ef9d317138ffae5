import { z } from "zod";

export const saveProfileSchema = z.object({
  projectId: z.string().min(1),
  numberId: z.string().min(1),
  about: z.string().max(1000),
  address: z.string().max(1000),
  description: z.string().max(2000),
  email: z.string().max(1000),
  websites: z.array(z.string().max(1000)).max(5),
  vertical: z.string().max(40),
  photoHandle: z.string().max(500).optional(),
});

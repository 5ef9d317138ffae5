import { z } from "zod";

export const createApiKeySchema = z.object({
  projectId: z.string().min(1),
  name: z
    .string()
    .trim()
    .min(1, "Give the key a name, such as the app that will use it")
    .max(60, "Name can be at most 60 characters"),
});
export const revokeApiKeySchema = z.object({ projectId: z.string().min(1), keyId: z.string().min(1) });

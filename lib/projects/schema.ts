import { z } from "zod";

export const projectNameSchema = z
  .string()
  .trim()
  .min(2, "Project name needs at least 2 characters")
  .max(60, "Project name can be at most 60 characters");

export const createProjectSchema = z.object({ name: projectNameSchema });
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const renameProjectSchema = z.object({ projectId: z.string().min(1), name: projectNameSchema });

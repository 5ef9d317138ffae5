import type { Role } from "@/generated/prisma/enums";

declare const projectIdBrand: unique symbol;
/** A project id that the auth layer has checked the caller may use. Only this module mints it. */
export type ProjectId = string & { readonly [projectIdBrand]: true };

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export interface ProjectContext {
  projectId: ProjectId;
  project: { id: string; name: string; slug: string };
  user: SessionUser;
  role: Role;
}

/** For trusted server code that has resolved a project by other means (API key, embed token, jobs, tests). */
export function trustedProjectId(id: string): ProjectId {
  return id as ProjectId;
}

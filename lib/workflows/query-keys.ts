import type { ActionResult } from "@/lib/http/action";

export const workflowKeys = {
  all: (projectId: string) => ["workflows", projectId] as const,
  list: (projectId: string) => [...workflowKeys.all(projectId), "list"] as const,
  detail: (projectId: string, workflowId: string) =>
    [...workflowKeys.all(projectId), "detail", workflowId] as const,
  versions: (projectId: string, workflowId: string) =>
    [...workflowKeys.all(projectId), "versions", workflowId] as const,
  triggers: (projectId: string, workflowId: string) =>
    [...workflowKeys.all(projectId), "triggers", workflowId] as const,
  promotion: (projectId: string, sourceId: string, targetId: string) =>
    [...workflowKeys.all(projectId), "promotion", sourceId, targetId] as const,
  /** workflowId null: the project-level variables. */
  env: (projectId: string, workflowId: string | null) =>
    [...workflowKeys.all(projectId), "env", workflowId ?? "project"] as const,
  effectiveEnv: (projectId: string, workflowId: string, environment: string) =>
    [...workflowKeys.all(projectId), "effective-env", workflowId, environment] as const,
};

/** For TanStack Query functions that call server actions: a failed action becomes a thrown error. */
export function unwrap<T>(r: ActionResult<T>): T {
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

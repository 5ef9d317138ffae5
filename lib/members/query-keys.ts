export const memberKeys = {
  all: (projectId: string) => ["members", projectId] as const,
  list: (projectId: string) => [...memberKeys.all(projectId), "list"] as const,
};

export const membersUrl = (projectId: string) => `/api/projects/${projectId}/members`;

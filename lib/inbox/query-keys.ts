export const inboxKeys = {
  all: (projectId: string) => ["inbox", projectId] as const,
  list: (projectId: string, status?: string) =>
    [...inboxKeys.all(projectId), "list", status ?? "all"] as const,
  thread: (projectId: string, conversationId: string) =>
    [...inboxKeys.all(projectId), "thread", conversationId] as const,
};

export const inboxUrls = {
  list: (projectId: string, status?: string, cursor?: string) =>
    `/api/projects/${projectId}/conversations?${new URLSearchParams({ ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) })}`,
  thread: (projectId: string, conversationId: string) =>
    `/api/projects/${projectId}/conversations/${conversationId}/messages`,
};

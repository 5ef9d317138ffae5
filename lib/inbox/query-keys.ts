export interface ListFilters {
  status?: "ACTIVE" | "ENDED";
  assignee?: string;
  numberId?: string;
  q?: string;
}

/** Query keys per inbox (a project or an embed), so every cache entry of one inbox is invalidated at once. */
export const inboxKeys = {
  all: (key: string) => ["inbox", key] as const,
  list: (key: string, f: ListFilters) => [...inboxKeys.all(key), "list", f] as const,
  conversation: (key: string, id: string) => [...inboxKeys.all(key), "conversation", id] as const,
  thread: (key: string, id: string) => [...inboxKeys.all(key), "thread", id] as const,
  contact: (key: string, id: string) => [...inboxKeys.all(key), "contact", id] as const,
  templates: (key: string, id: string) => [...inboxKeys.all(key), "templates", id] as const,
  assignees: (key: string) => [...inboxKeys.all(key), "assignees"] as const,
  numbers: (key: string) => [...inboxKeys.all(key), "numbers"] as const,
};

/** Paths under the inbox API base (see components/inbox/inbox-api.tsx). */
export const inboxPaths = {
  list: (f: ListFilters, cursor?: string | null) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
    if (cursor) p.set("cursor", cursor);
    return `/conversations?${p}`;
  },
  conversation: (id: string) => `/conversations/${id}`,
  thread: (id: string, before?: string | null) =>
    `/conversations/${id}/messages${before ? `?before=${encodeURIComponent(before)}` : ""}`,
};

/**
 * The inbox's status filter as it appears in the URL: `?status=active|ended|all`, lower case when we
 * write it and any case when we read it (bookmarks, Kapso-style embed URLs). No parameter means active.
 */
export type StatusFilter = "active" | "ended" | "all";

export const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "ended", label: "Ended" },
  { value: "all", label: "All" },
];

/** An unknown value falls back to the default view rather than to no tab at all. */
export function parseStatusFilter(raw: string | null | undefined): StatusFilter {
  const v = raw?.trim().toLowerCase();
  return v === "ended" || v === "all" ? v : "active";
}

/** The value to put in the URL: nothing for the default. */
export function statusFilterParam(s: StatusFilter): string | null {
  return s === "active" ? null : s;
}

/** What the list API takes: no status means every conversation. */
export function statusForApi(s: StatusFilter): "ACTIVE" | "ENDED" | undefined {
  return s === "all" ? undefined : s === "ended" ? "ENDED" : "ACTIVE";
}

import type { MessageStatus } from "@/generated/prisma/enums";

// Meta delivers statuses out of order and more than once. A message's status only moves forward;
// every report is kept in its history.
const RANK: Record<MessageStatus, number> = {
  PENDING: 0,
  RECEIVED: 0,
  SENT: 1,
  DELIVERED: 2,
  READ: 3,
  FAILED: 4,
};

export const META_STATUS: Record<string, MessageStatus | undefined> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  played: "READ",
  failed: "FAILED",
};

export interface StatusReport {
  status: MessageStatus;
  /** Meta's Unix seconds, as given. */
  timestamp: string;
  errors?: unknown[];
  pricing?: unknown;
  conversation?: unknown;
}

/** The status after a report arrives: the higher-ranked of the two. */
export function nextStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/** Appends a report unless the same status at the same time is already there (a retried webhook). */
export function appendHistory(history: StatusReport[], report: StatusReport): StatusReport[] {
  if (history.some((h) => h.status === report.status && h.timestamp === report.timestamp)) return history;
  return [...history, report].sort(
    (a, b) => Number(a.timestamp) - Number(b.timestamp) || RANK[a.status] - RANK[b.status],
  );
}

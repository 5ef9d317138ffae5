/** Execution statuses and Kapso's allowed transitions (kapso-spec §3.4). */

export const EXECUTION_STATUSES = ["running", "waiting", "handoff", "ended", "failed"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type DbExecutionStatus = "RUNNING" | "WAITING" | "HANDOFF" | "ENDED" | "FAILED";

const ALLOWED: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  running: ["waiting", "handoff", "ended", "failed"],
  waiting: ["running", "handoff", "ended", "failed"],
  handoff: ["running", "ended", "failed"],
  ended: [],
  failed: [],
};

export function canTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return ALLOWED[from].includes(to);
}

export const toDb = (s: ExecutionStatus) => s.toUpperCase() as DbExecutionStatus;
export const fromDb = (s: DbExecutionStatus | string) => s.toLowerCase() as ExecutionStatus;

/** What an operator or the API may set by hand (PATCH …/workflow_executions/{id}); others are 422. */
export const MANUAL_STATUSES = ["ended", "handoff", "waiting"] as const;

/** Kapso's execution event types (kapso-spec §3.5), plus the operator's jump and status change. */
export const EXECUTION_EVENT_TYPES = [
  "execution_started",
  "execution_ended",
  "execution_failed",
  "execution_handoff",
  "execution_waiting",
  "execution_resumed",
  "step_entered",
  "step_completed",
  "step_failed",
  "action_preparing",
  "action_executing",
  "action_performed",
  "decision_evaluating",
  "decision_evaluated",
  "variables_set",
  "user_input_received",
  "status_changed",
  "workflow_called",
  "workflow_returned",
] as const;
export type ExecutionEventType = (typeof EXECUTION_EVENT_TYPES)[number];

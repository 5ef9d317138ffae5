-- Wait timeouts are a column, not a job per wait: "waitingUntil" on a waiting execution is its timer.
-- The engine's timer loop claims due rows in batches through this index (FOR UPDATE SKIP LOCKED), so
-- thousands of timers due together fire in a few transactions. Waits armed before this migration
-- already carry their "waitingUntil"; their old pg-boss timer jobs are no longer worked.
CREATE INDEX "WorkflowExecution_timer_due" ON "WorkflowExecution"("waitingUntil")
    WHERE "status" = 'WAITING' AND "waitingUntil" IS NOT NULL;

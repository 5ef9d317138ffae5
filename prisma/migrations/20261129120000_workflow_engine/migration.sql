-- The workflow engine (issue #12): executions, their event log, and the idempotency key that keeps a
-- workflow's send from going out twice when a step is run again after a crash.

CREATE TYPE "WorkflowExecutionStatus" AS ENUM ('RUNNING', 'WAITING', 'HANDOFF', 'ENDED', 'FAILED');

CREATE TABLE "WorkflowExecution" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "workflowVersionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "WorkflowExecutionStatus" NOT NULL DEFAULT 'RUNNING',
    "triggerType" TEXT NOT NULL,
    "environment" TEXT NOT NULL DEFAULT 'production',
    "observer" BOOLEAN NOT NULL DEFAULT false,
    "conversationId" TEXT,
    "phoneNumberId" TEXT,
    "contactPhone" TEXT,
    "parentExecutionId" TEXT,
    "parentStepCount" INTEGER,
    "callDepth" INTEGER NOT NULL DEFAULT 0,
    "callStack" JSONB NOT NULL DEFAULT '[]',
    "vars" JSONB NOT NULL DEFAULT '{}',
    "context" JSONB NOT NULL DEFAULT '{}',
    "system" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "lastUserInput" TEXT,
    "pendingInputs" JSONB NOT NULL DEFAULT '[]',
    "currentNodeId" TEXT,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "waitingUntil" TIMESTAMP(3),
    "error" JSONB,
    "trackingId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    CONSTRAINT "WorkflowExecution_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "WorkflowExecution_trackingId_key" ON "WorkflowExecution"("trackingId");
CREATE INDEX "WorkflowExecution_workflowId_startedAt_idx" ON "WorkflowExecution"("workflowId", "startedAt" DESC, "id");
CREATE INDEX "WorkflowExecution_conversationId_startedAt_idx" ON "WorkflowExecution"("conversationId", "startedAt" DESC, "id");
CREATE INDEX "WorkflowExecution_projectId_idx" ON "WorkflowExecution"("projectId");
CREATE INDEX "WorkflowExecution_parentExecutionId_idx" ON "WorkflowExecution"("parentExecutionId");
-- At most one execution a customer's messages go to, per conversation: the running, waiting or handed-off
-- one that is not an observer and not a called child. Two inbound messages racing cannot both start one.
CREATE UNIQUE INDEX "WorkflowExecution_one_live_per_conversation" ON "WorkflowExecution"("conversationId")
    WHERE "status" IN ('RUNNING', 'WAITING', 'HANDOFF') AND NOT "observer" AND "parentExecutionId" IS NULL;

ALTER TABLE "WorkflowExecution" ADD CONSTRAINT "WorkflowExecution_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WorkflowExecution" ADD CONSTRAINT "WorkflowExecution_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WorkflowExecution" ADD CONSTRAINT "WorkflowExecution_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "WorkflowExecutionEvent" (
    "id" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "nodeId" TEXT,
    "nodeType" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "vars" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WorkflowExecutionEvent_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "WorkflowExecutionEvent_executionId_id_idx" ON "WorkflowExecutionEvent"("executionId", "id");
ALTER TABLE "WorkflowExecutionEvent" ADD CONSTRAINT "WorkflowExecutionEvent_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "WorkflowExecution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A workflow's send carries "wf:<execution>:<step>:<visit>": a step run again after a crash finds its message
-- instead of sending another.
ALTER TABLE "Message" ADD COLUMN "idempotencyKey" TEXT;
CREATE UNIQUE INDEX "Message_idempotencyKey_key" ON "Message"("idempotencyKey");

-- Kapso's burst limit on API-triggered executions: requests per API key and workflow in one second.
CREATE TABLE "WorkflowApiBurst" (
    "apiKeyId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "second" BIGINT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "WorkflowApiBurst_pkey" PRIMARY KEY ("apiKeyId", "workflowId", "second")
);

-- The engine's outbox cursor starts here (see 20261129092400_events_spine_events).
INSERT INTO "EventCursor" ("subscriber", "lastId")
SELECT 'workflow-engine', COALESCE((SELECT max("id") FROM "DomainEvent"), 0)
ON CONFLICT ("subscriber") DO NOTHING;

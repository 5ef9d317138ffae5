-- An agent step's conversation with its model (the messages of its turns so far, and whether it is
-- parked for the customer's next message), kept with the execution so a turn resumes after a restart.
ALTER TABLE "WorkflowExecution" ADD COLUMN "agentState" JSONB;

import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { pruneWorkflowVersions } from "./retention-mutations";

export const pruneWorkflowVersionsJob = defineJob({
  name: "workflows.prune-versions",
  data: z.object({}),
  schedule: "43 3 * * *",
  scheduleData: {},
  run: () => pruneWorkflowVersions(env().WORKFLOW_VERSIONS_KEPT),
});

export const workflowJobs = [pruneWorkflowVersionsJob];

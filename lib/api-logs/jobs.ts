import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { pruneApiLogs } from "./retention-mutations";

/** Daily: API-log rows older than API_LOG_RETENTION_DAYS (30 by default, the longest `period`) go. */
export const pruneApiLogsJob = defineJob({
  name: "api-logs.prune",
  data: z.object({}),
  schedule: "43 3 * * *",
  scheduleData: {},
  run: () => pruneApiLogs(env().API_LOG_RETENTION_DAYS),
});

export const apiLogJobs = [pruneApiLogsJob];

import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { pruneLoginAttempts } from "./rate-limit";

export const pruneLoginAttemptsJob = defineJob({
  name: "maintenance.prune-login-attempts",
  data: z.object({}),
  schedule: "*/15 * * * *",
  scheduleData: {},
  run: () => pruneLoginAttempts(),
});

export const authJobs = [pruneLoginAttemptsJob];

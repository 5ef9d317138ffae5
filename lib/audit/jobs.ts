import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { pruneAuditLog } from "./retention-mutations";

export const pruneAuditLogJob = defineJob({
  name: "audit.prune",
  data: z.object({}),
  schedule: "33 3 * * *",
  scheduleData: {},
  run: () => pruneAuditLog(env().AUDIT_LOG_RETENTION_DAYS),
});

export const auditJobs = [pruneAuditLogJob];

import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { allNumbers, runHealthCheck } from "./health-mutations";

// Number health on a schedule: every hour each number is checked (one job per number, so one slow or
// failing account does not hold up the others), and the Numbers page shows the latest result.

export const numberHealthJob = defineJob({
  name: "numbers.health-check",
  data: z.object({ projectId: z.string().min(1), numberId: z.string().min(1) }),
  policy: "short",
  retry: { limit: 1, delaySeconds: 60 },
  run: ({ projectId, numberId }) => runHealthCheck(projectId as ProjectId, numberId),
});

export const numberHealthAllJob = defineJob({
  name: "numbers.health-check-all",
  data: z.object({}),
  schedule: "17 * * * *",
  scheduleData: {},
  async run() {
    const numbers = await allNumbers();
    for (const n of numbers)
      await enqueue(numberHealthJob, { projectId: n.projectId, numberId: n.id }, { singletonKey: n.id });
    return numbers.length;
  },
});

export const numberJobs = [numberHealthJob, numberHealthAllJob];

import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { projectsWithNumbers, syncTemplates } from "./sync";

// Template sync runs as a job, never during a page render: on a schedule, when Meta reports a template
// change, when a number is connected, and on demand (requestTemplateSync, e.g. a "Sync now" button).

export const syncTemplatesJob = defineJob({
  name: "templates.sync",
  data: z.object({ projectId: z.string().min(1) }),
  // One waiting sync per project (the singletonKey): a burst of template webhooks syncs once.
  policy: "short",
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  run: ({ projectId }) => syncTemplates(projectId as ProjectId),
});

export const syncAllTemplatesJob = defineJob({
  name: "templates.sync-all",
  data: z.object({}),
  schedule: "*/30 * * * *",
  scheduleData: {},
  async run() {
    const ids = await projectsWithNumbers();
    for (const projectId of ids) await requestTemplateSync(projectId);
    return ids.length;
  },
});

/** Asks for a sync of the project's templates (inside `tx`: only if it commits), after `delaySeconds`. */
export function requestTemplateSync(
  projectId: string,
  tx?: Prisma.TransactionClient,
  delaySeconds?: number,
): Promise<string | null> {
  return enqueue(syncTemplatesJob, { projectId }, { singletonKey: projectId, startAfter: delaySeconds }, tx);
}

export const templateJobs = [syncTemplatesJob, syncAllTemplatesJob];

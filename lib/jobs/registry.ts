import { auditJobs } from "@/lib/audit/jobs";
import { authJobs } from "@/lib/auth/jobs";
import { conversationJobs } from "@/lib/conversations/jobs";
import { eventJobs } from "@/lib/events/jobs";
import { ingestJobs } from "@/lib/ingest/jobs";
import { templateJobs } from "@/lib/templates/jobs";
import { workflowJobs } from "@/lib/workflows/jobs";
import type { JobDefinition } from "./define";

/**
 * Every job, collected from lib/<domain>/jobs.ts. The runtime creates a queue and a worker for each, so
 * `npm run worker` and the all-in-one process run exactly the same set. A new domain adds its list here.
 */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
export const JOBS: readonly JobDefinition<any>[] = [
  ...authJobs,
  ...conversationJobs,
  ...templateJobs,
  ...ingestJobs,
  ...eventJobs,
  ...auditJobs,
  ...workflowJobs,
];

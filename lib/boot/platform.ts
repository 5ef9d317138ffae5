import { recordApiCall } from "@/lib/api-logs/store";
import { auditJobs } from "@/lib/audit/jobs";
import { authJobs } from "@/lib/auth/jobs";
import { broadcastJobs } from "@/lib/broadcasts/jobs";
import { broadcastsSubscriber } from "@/lib/broadcasts/subscriber";
import { conversationJobs } from "@/lib/conversations/jobs";
import { eventJobs } from "@/lib/events/jobs";
import { registerSubscriber, type Subscriber } from "@/lib/events/subscribers";
import { setCallLogger } from "@/lib/http/call-log";
import { ingestJobs } from "@/lib/ingest/jobs";
import type { JobDefinition } from "@/lib/jobs/define";
import { realtimeSubscriber } from "@/lib/realtime/subscriber";
import { templateJobs } from "@/lib/templates/jobs";
import { templatesSubscriber } from "@/lib/templates/subscriber";
import { workflowJobs } from "@/lib/workflows/jobs";

// The composition root: the one module that knows every domain's jobs and event subscribers. Only
// server.ts (and the test harness) import it; lib/events and lib/jobs import no domain, so no folder
// cycle runs through them.

/**
 * Every subscriber of the outbox, each with its own cursor (EventCursor.subscriber = name). Each sees
 * every committed event exactly once, in id order, in batches. A subscriber added later starts at the
 * events committed after it first runs. Outbound webhooks and the workflow engine join this list.
 */
export const SUBSCRIBERS: readonly Subscriber[] = [
  realtimeSubscriber,
  templatesSubscriber,
  broadcastsSubscriber,
];

/** Registers the subscribers with this process's dispatcher (server.ts calls it once at start-up). */
export function registerPlatform(): void {
  for (const s of SUBSCRIBERS) registerSubscriber(s);
  setCallLogger(recordApiCall);
}

/**
 * Every job, collected from lib/<domain>/jobs.ts. The runtime creates a queue and a worker for each, so
 * `npm run worker` and the all-in-one process run exactly the same set. A new domain adds its list here; server.ts passes it to startJobs().
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
  ...broadcastJobs,
];

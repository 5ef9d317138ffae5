import { apiLogJobs } from "@/lib/api-logs/jobs";
import { recordApiCall } from "@/lib/api-logs/store";
import { auditJobs } from "@/lib/audit/jobs";
import { authJobs } from "@/lib/auth/jobs";
import { broadcastJobs } from "@/lib/broadcasts/jobs";
import { broadcastsSubscriber } from "@/lib/broadcasts/subscriber";
import { contactsSubscriber } from "@/lib/contacts/subscriber";
import { conversationJobs } from "@/lib/conversations/jobs";
import { eventJobs } from "@/lib/events/jobs";
import { registerSubscriber, type Subscriber } from "@/lib/events/subscribers";
import { setCallLogger } from "@/lib/http/call-log";
import { ingestJobs } from "@/lib/ingest/jobs";
import type { JobDefinition, LoopDefinition } from "@/lib/jobs/define";
import { numberJobs } from "@/lib/numbers/jobs";
import { realtimeSubscriber } from "@/lib/realtime/subscriber";
import { sandboxJobs } from "@/lib/sandbox/jobs";
import { templateJobs } from "@/lib/templates/jobs";
import { templatesSubscriber } from "@/lib/templates/subscriber";
import { webhookJobs, webhookLoops } from "@/lib/webhooks/jobs";
import { webhooksSubscriber } from "@/lib/webhooks/subscriber";
import { engineJobs } from "@/lib/workflows/engine/jobs";
import { engineSubscriber } from "@/lib/workflows/engine/subscriber";
import { engineLoops } from "@/lib/workflows/engine/timers";
import { requeueStale } from "@/lib/workflows/engine/transition-mutations";
import { workflowJobs } from "@/lib/workflows/jobs";

// The composition root: the one module that knows every domain's jobs and event subscribers. Only
// server.ts (and the test harness) import it; lib/events and lib/jobs import no domain, so no folder
// cycle runs through them.

/**
 * Every subscriber of the outbox, each with its own cursor (EventCursor.subscriber = name). Each sees
 * every committed event exactly once, in id order, in batches. A subscriber added later starts at the
 * events its migration's cursor row starts it at.
 */
export const SUBSCRIBERS: readonly Subscriber[] = [
  realtimeSubscriber,
  templatesSubscriber,
  engineSubscriber,
  webhooksSubscriber,
  broadcastsSubscriber,
  contactsSubscriber,
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
  ...apiLogJobs,
  ...workflowJobs,
  ...engineJobs,
  ...webhookJobs,
  ...numberJobs,
  ...broadcastJobs,
  ...sandboxJobs,
];

/** Loops every worker process runs beside the jobs (the workflow engine's wait timers, the webhooks' safety net). */
export const WORKER_LOOPS: readonly LoopDefinition[] = [...engineLoops, ...webhookLoops];

/**
 * Once this process's workers run: work a killed process left half-done is picked up again (workflow
 * executions left RUNNING get their runner queued; their steps are idempotent).
 */
export async function afterJobsStarted(): Promise<void> {
  const n = await requeueStale(0);
  if (n > 0) console.log(`[workflows] resumed ${n} execution(s) left running by a stopped worker`);
}

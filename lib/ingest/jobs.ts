import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { pruneWebhookEvents } from "./retention-mutations";

export const pruneWebhookEventsJob = defineJob({
  name: "ingest.prune-webhook-events",
  data: z.object({}),
  schedule: "23 3 * * *",
  scheduleData: {},
  run: () => pruneWebhookEvents(env().WEBHOOK_EVENT_RETENTION_DAYS),
});

export const ingestJobs = [pruneWebhookEventsJob];

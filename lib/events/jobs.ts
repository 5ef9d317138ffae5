import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { pruneDomainEvents } from "./retention";

export const pruneDomainEventsJob = defineJob({
  name: "events.prune",
  data: z.object({}),
  schedule: "13 3 * * *",
  scheduleData: {},
  async run() {
    const { SUBSCRIBERS } = await import("./subscribers");
    return pruneDomainEvents(
      SUBSCRIBERS.map((s) => s.name),
      env().DOMAIN_EVENT_RETENTION_DAYS,
    );
  },
});

export const eventJobs = [pruneDomainEventsJob];
